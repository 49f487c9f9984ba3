import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { WorkerReport } from '../../../src/run/index.js';
import { TEST_SECRET } from '../../helpers/app.js';
import { cli, spawnCli, waitForExit } from '../../helpers/cli.js';
import { installedInitdb, startCluster, type Cluster } from '../../helpers/postgres-server.js';
import { smtpProject } from '../../helpers/project.js';
import { TestSmtpServer } from '../../helpers/smtp.js';
import { editionStates, readStore, until } from '../../helpers/store-probe.js';

// A PostgreSQL server of this test's own, stopped and started again while a
// worker sends: the one the other tests share must stay up.
const AT = '2026-11-24T12:00:00Z';
const SUBSCRIBERS = 24;
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});

const initdb = installedInitdb();

describe.skipIf(!initdb && process.env.CI !== 'true')('a PostgreSQL restart under a worker', () => {
  it('stops it claiming while the server is down and lets it go on after; the messages in flight are reported unknown, none is sent twice', async () => {
    const cluster: Cluster = await startCluster(join(initdb!, '..'));
    cleanup.push(() => cluster.remove());
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const server = await new TestSmtpServer({ gate: () => held }).start();
    cleanup.push(() => server.stop());
    const dir = smtpProject(server.url, { prefix: 'pb-pg-restart-', subscribers: SUBSCRIBERS, delivery: { maxConnections: 2 } });
    const env = { PAPERBOY_SECRET: TEST_SECRET, PAPERBOY_DATABASE_URL: cluster.url, PAPERBOY_LOG_LEVEL: 'info' };
    for (const args of [['migrate'], ['ingest'], ['run', '--plan-only', '--at', AT, '--json']]) {
      const result = await cli(args, { cwd: dir, env });
      expect(result.code, result.stderr).toBe(0);
    }
    const planned = (await readStore(cluster.url, "select 1 from editions where state = 'planned'")).length;
    expect(planned).toBeGreaterThan(4);

    const child = spawnCli(['worker', '--json', '--idle', '0.2'], { cwd: dir, env });
    cleanup.push(() => void (child.exitCode === null && child.kill('SIGKILL')));
    const exited = waitForExit(child);
    let log = '';
    child.stderr!.on('data', (chunk) => (log += chunk));
    // Its first messages are held by the mail server when the database goes away.
    await until('the worker to be sending', async () => (await readStore(cluster.url, "select 1 from editions where state = 'sending'")).length > 0);
    cluster.halt();
    release();
    await until('the worker to lose the store', () => /lost the store/.test(log)).catch((error: Error) => {
      throw new Error(`${error.message}; its log:\n${log}`);
    });
    cluster.resume();
    await until('the worker to find the store again', () => /the store answers again/.test(log));
    await until('nothing left waiting', async () => (await readStore(cluster.url, "select 1 from editions where state in ('planned', 'retry')")).length === 0);
    child.kill('SIGTERM');
    const stopped = await exited;
    expect(stopped.code, stopped.stderr).toBe(0);
    const report = JSON.parse(stopped.stdout) as WorkerReport;

    const states = await editionStates(cluster.url);
    const unknown = [...states].filter(([, edition]) => edition.state === 'unknown').map(([email]) => email);
    const sent = [...states].filter(([, edition]) => edition.state === 'sent').map(([email]) => email);
    // What was in flight when the server stopped is reported, never resent: at most two per connection.
    expect(unknown.length).toBeGreaterThan(0);
    expect(unknown.length).toBeLessThanOrEqual(4);
    expect(report.unknown).toBe(unknown.length);
    expect(report.storeErrors).toBeGreaterThan(0);
    expect(sent.length + unknown.length).toBe(planned);
    const counts = server.countsByRecipient();
    for (const email of sent) expect(counts.get(email)).toBe(1);
    for (const email of unknown) expect(counts.get(email) ?? 0).toBeLessThanOrEqual(1);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  }, 120_000);
});
