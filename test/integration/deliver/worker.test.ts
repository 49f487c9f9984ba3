import { join } from 'node:path';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createRendererFor, openApp } from '../../../src/app.js';
import { loadConfig } from '../../../src/config/index.js';
import { createTransport } from '../../../src/deliver/index.js';
import { runOnce, runWorker, type RunReport, type WorkerReport } from '../../../src/run/index.js';
import { failingFor, TEST_SECRET } from '../../helpers/app.js';
import { cli, spawnCli, waitForExit } from '../../helpers/cli.js';
import { smtpProject } from '../../helpers/project.js';
import { TestSmtpServer } from '../../helpers/smtp.js';
import { editionStates, readStore, until } from '../../helpers/store-probe.js';

const SUBSCRIBERS = 24;
const AT = '2026-11-24T12:00:00Z';
const env = { PAPERBOY_SECRET: TEST_SECRET, PAPERBOY_LOG_LEVEL: 'info' };
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});

function spawnWorker(dir: string) {
  const child = spawnCli(['worker', '--json', '--idle', '0.2'], { cwd: dir, env });
  cleanup.push(() => void (child.exitCode === null && child.kill('SIGKILL')));
  return { child, exited: waitForExit(child) };
}

async function count(dir: string, state: string): Promise<number> {
  return (await readStore(dir, `select 1 from editions where state = '${state}'`)).length;
}

/** A project on `url` with its editions planned by a run, and an app whose log lines are kept. */
async function plannedApp(url: string, prefix: string, subscribers: number) {
  const dir = smtpProject(url, { prefix, subscribers, delivery: { maxConnections: 1 } });
  const lines: string[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
  const app = await openApp(loadConfig({ cwd: dir, env }), { log });
  cleanup.push(() => app.close());
  const renderer = await createRendererFor(app.config, log);
  const transport = createTransport(app.config);
  cleanup.push(() => transport.close());
  const plan = await runOnce(app, { at: new Date(AT), renderer, transport, send: false });
  return { dir, lines, app, renderer, transport, plan };
}

describe('paperboy worker', () => {
  it('sends what a run planned, and on SIGTERM finishes the messages it holds and exits 0', async () => {
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    const server = await new TestSmtpServer({ gate: () => opened }).start();
    cleanup.push(() => server.stop());
    const dir = smtpProject(server.url, { prefix: 'pb-worker-', subscribers: SUBSCRIBERS, delivery: { maxConnections: 2 } });

    const planned = await cli(['run', '--plan-only', '--at', AT, '--json'], { cwd: dir, env });
    const plan = JSON.parse(planned.stdout) as RunReport;
    expect(plan).toMatchObject({ planOnly: true, sent: 0 });
    expect(plan.built).toBeGreaterThan(8);
    expect(await count(dir, 'planned')).toBe(plan.built);
    expect(server.received).toHaveLength(0);

    // The first worker claims a sender's worth, then is told to stop while the server holds them.
    const first = spawnWorker(dir);
    await until('the worker to claim', async () => (await count(dir, 'sending')) > 0);
    const claimed = await count(dir, 'sending');
    // Two connections, one message sending and one waiting behind it on each.
    expect(claimed).toBeLessThanOrEqual(4);
    first.child.kill('SIGTERM');
    open();
    const stopped = await first.exited;
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(stopped.stderr).toMatch(/finishing the messages in flight/);
    const report = JSON.parse(stopped.stdout) as WorkerReport;
    expect(report).toMatchObject({ sent: claimed, unknown: 0, storeErrors: 0 });
    expect(server.received).toHaveLength(claimed);
    expect((await count(dir, 'sending')) + (await count(dir, 'unknown'))).toBe(0);
    expect(await count(dir, 'planned')).toBe(plan.built - claimed);
    expect(await readStore(dir, 'select * from runners')).toEqual([]);

    // Two more workers share the rest.
    const workers = [spawnWorker(dir), spawnWorker(dir)];
    await until('every planned edition to be sent', async () => (await count(dir, 'sent')) === plan.built);
    for (const worker of workers) worker.child.kill('SIGTERM');
    const reports = (await Promise.all(workers.map((worker) => worker.exited))).map((result) => {
      expect(result.code, result.stderr).toBe(0);
      return JSON.parse(result.stdout) as WorkerReport;
    });
    expect(reports.reduce((sum, r) => sum + r.sent, 0)).toBe(plan.built - claimed);
    const counts = server.countsByRecipient();
    const sent = [...(await editionStates(dir))].filter(([, edition]) => edition.state === 'sent');
    expect(counts.size).toBe(sent.length);
    for (const [email] of sent) expect(counts.get(email)).toBe(1);
  }, 120_000);

  it('a store that stops answering makes it stop claiming and back off, not crash or resend; it goes on once the store answers', async () => {
    const server = await new TestSmtpServer().start();
    cleanup.push(() => server.stop());
    const dir = smtpProject(server.url, { prefix: 'pb-worker-store-', subscribers: 8, delivery: { maxConnections: 2 } });
    let lock: Database.Database | undefined;
    const lines: string[] = [];
    const log = pino({ level: 'info' }, {
      write: (line: string) => {
        lines.push(line);
        // Let go of the lock once the worker said it lost the store.
        if (/lost the store/.test(line) && lock?.inTransaction) lock.exec('rollback');
      },
    });
    const app = await openApp(loadConfig({ cwd: dir, env }), { log });
    cleanup.push(() => app.close());
    // Another connection holds the store's write lock: every write waits out its busy timeout, then fails.
    lock = new Database(join(dir, 'data/paperboy.db'), { fileMustExist: true });
    cleanup.push(() => void lock?.close());
    const renderer = await createRendererFor(app.config, log);
    const transport = createTransport(app.config);
    cleanup.push(() => transport.close());
    const abort = new AbortController();
    const worker = runWorker(app, { renderer, transport, signal: abort.signal, idleMs: 20, backoffMs: 20 });
    await until('the worker to start', () => lines.some((line) => /worker started/.test(line)));

    lock.exec('begin immediate');
    await until('the worker to lose the store and find it again', () => lines.some((line) => /the store answers again/.test(line)));
    const plan = await runOnce(app, { at: new Date(AT), renderer, transport, send: false });
    expect(plan.built).toBeGreaterThan(0);
    await until('every planned edition to be sent', async () => (await count(dir, 'sent')) === plan.built);
    abort.abort();
    const report = await worker;

    expect(report.storeErrors).toBeGreaterThanOrEqual(1);
    expect(report).toMatchObject({ sent: plan.built, unknown: 0 });
    expect(lines.find((line) => /lost the store/.test(line))).toMatch(/"retryInMs":20/);
    expect([...server.countsByRecipient().values()].every((n) => n === 1)).toBe(true);
    expect(server.received).toHaveLength(plan.built);
  }, 60_000);

  it('a mail server that cannot be reached makes it pause with a backoff, keeping every delivery for later', async () => {
    // A port that was just free: nothing listens there.
    const gone = await new TestSmtpServer().start();
    await gone.stop();
    const { dir, lines, app, renderer, transport, plan } = await plannedApp(gone.url, 'pb-worker-down-', 8);
    expect(plan.built).toBeGreaterThan(4);

    const abort = new AbortController();
    const worker = runWorker(app, { renderer, transport, signal: abort.signal, idleMs: 20, backoffMs: 10 });
    const pauses = () => lines.filter((line) => /cannot reach the mail server/.test(line));
    await until('two pauses', () => pauses().length >= 2);
    abort.abort();
    const report = await worker;

    expect(report).toMatchObject({ sent: 0, unknown: 0, storeErrors: 0 });
    expect(report.retry).toBeGreaterThan(0);
    // The pauses grow while the server stays away.
    const waits = pauses().map((line) => JSON.parse(line).retryInMs as number);
    expect(waits.slice(0, 2)).toEqual([10, 20]);
    // Nothing lost, nothing in doubt: each delivery waits in retry (for a later try) or still planned.
    const states = [...(await editionStates(dir)).values()].map((edition) => edition.state);
    expect(states.filter((state) => state === 'retry')).toHaveLength(report.retry);
    expect(states.every((state) => state === 'retry' || state === 'planned' || state === 'empty')).toBe(true);
  }, 60_000);

  it('a digest its templates cannot render waits in retry, logged, while the others go out', async () => {
    const server = await new TestSmtpServer().start();
    cleanup.push(() => server.stop());
    const { dir, lines, app, renderer, transport, plan } = await plannedApp(server.url, 'pb-worker-render-', 6);
    expect(plan.built).toBeGreaterThan(2);
    const broken = failingFor(renderer, 'reader1@example.org');

    const abort = new AbortController();
    const worker = runWorker(app, { renderer: broken, transport, signal: abort.signal, idleMs: 20, backoffMs: 10 });
    await until('the others to be sent', () => server.received.length === plan.built - 1);
    abort.abort();
    const report = await worker;

    expect(report).toMatchObject({ sent: plan.built - 1, retry: 1, unknown: 0, storeErrors: 0 });
    expect(lines.filter((line) => /cannot render this digest; fix the template/.test(line))).toHaveLength(1);
    const states = [...(await editionStates(dir)).values()].map((edition) => edition.state);
    expect(states.filter((state) => state === 'retry')).toHaveLength(1);
    expect(server.countsByRecipient().has('reader1@example.org')).toBe(false);
  });
});
