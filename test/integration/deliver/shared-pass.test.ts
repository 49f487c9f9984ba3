import { afterEach, describe, expect, it } from 'vitest';
import { hostname } from 'node:os';
import { runOnce, type RunReport } from '../../../src/run/index.js';
import { createRendererFor } from '../../../src/app.js';
import { createTransport } from '../../../src/deliver/index.js';
import { registerRunner } from '../../../src/store/index.js';
import { makeSubscribers, testApp, TEST_SECRET } from '../../helpers/app.js';
import { cli, spawnCli, waitForExit } from '../../helpers/cli.js';
import { smtpProject } from '../../helpers/project.js';
import { TestSmtpServer } from '../../helpers/smtp.js';
import { forEachStore, type StoreFactory } from '../../helpers/postgres.js';
import { editionStates, readStore, until } from '../../helpers/store-probe.js';

const SUBSCRIBERS = 240;
const AT = '2026-11-24T12:00:00Z';
const SECRET_ENV = { PAPERBOY_SECRET: TEST_SECRET };
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});

/** A gate the test opens: the SMTP server holds every answer until then, so messages stay in flight. */
function gate(): { wait: () => Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { wait: () => opened, open };
}

/** A project's folder, its processes' environment, and where its store is read: the folder (SQLite) or the database's URL. */
interface Project {
  dir: string;
  env: Record<string, string>;
  at: string;
}

/**
 * A project of SUBSCRIBERS daily readers whose store is set up (seeded,
 * dumps ingested) before the runs start: the SQLite file in its folder, or a
 * new PostgreSQL database named by PAPERBOY_DATABASE_URL, as an operator of
 * several hosts would.
 */
async function project(server: TestSmtpServer, store: StoreFactory): Promise<Project> {
  const dir = smtpProject(server.url, { prefix: 'pb-shared-', subscribers: SUBSCRIBERS, delivery: { maxConnections: 2 } });
  const url = store.engine === 'postgres' ? await store.location() : null;
  const env = url ? { ...SECRET_ENV, PAPERBOY_DATABASE_URL: url } : SECRET_ENV;
  const ingest = await cli(['ingest'], { cwd: dir, env });
  expect(ingest.code, ingest.stderr).toBe(0);
  return { dir, env, at: url ?? dir };
}

function spawnRuns({ dir, env }: Project, n: number) {
  return Array.from({ length: n }, () => {
    const child = spawnCli(['run', '--at', AT, '--json'], { cwd: dir, env });
    cleanup.push(() => void (child.exitCode === null && child.kill('SIGKILL')));
    return { child, exited: waitForExit(child) };
  });
}

/** Runner ids holding build claims, once there are `n` of them. */
async function claimants(at: string, n: number): Promise<string[] | null> {
  const rows = await readStore<{ runner_id: string }>(at, 'select distinct runner_id from edition_claims');
  return rows.length >= n ? rows.map((row) => row.runner_id) : null;
}

/** A run's report; it exits 1 only when it found deliveries interrupted (unknown), as it says. */
function reportOf(result: { code: number | null; stdout: string; stderr: string }): RunReport {
  const report = JSON.parse(result.stdout) as RunReport;
  expect(result.code, result.stderr).toBe(report.unknown > 0 ? 1 : 0);
  return report;
}

describe('several runs sharing one pass', () => {
  // As an operator of several hosts runs them: on one SQLite file, and on a PostgreSQL server.
  forEachStore((store) => {
    it('three runs at once: every due reader gets exactly one digest, and each run sends part of them', async () => {
      const held = gate();
      const server = await new TestSmtpServer({ gate: held.wait }).start();
      cleanup.push(() => server.stop());
      const shared = await project(server, store);

      const runs = spawnRuns(shared, 3);
      // Answers are held until each run holds a claim of its own: then all three are sharing the pass.
      await until('each run to claim editions', () => claimants(shared.at, 3));
      held.open();
      const reports = (await Promise.all(runs.map((run) => run.exited))).map(reportOf);

      const states = await editionStates(shared.at);
      expect(states.size).toBe(SUBSCRIBERS);
      const sent = [...states].filter(([, edition]) => edition.state === 'sent').map(([email]) => email);
      expect([...states.values()].every((edition) => edition.state === 'sent' || edition.state === 'empty')).toBe(true);
      const counts = server.countsByRecipient();
      expect(counts.size).toBe(sent.length);
      for (const email of sent) expect(counts.get(email)).toBe(1);
      // Each run did part of the work, and together exactly all of it.
      for (const report of reports) {
        expect(report.sent).toBeGreaterThan(0);
        expect(report.others).toBeGreaterThan(0);
        // Due when it looked: those another run had recorded by then were not.
        expect(report.due).toBeGreaterThan(0);
      }
      expect(reports.reduce((sum, report) => sum + report.sent, 0)).toBe(sent.length);
      expect(reports.reduce((sum, report) => sum + report.built, 0)).toBe(sent.length);
      expect(new Set(reports.map((report) => report.runner)).size).toBe(3);
      // They left nothing behind: no heartbeat, no claim.
      expect(await readStore(shared.at, 'select * from runners')).toEqual([]);
      expect(await readStore(shared.at, 'select * from edition_claims')).toEqual([]);
    }, 180_000);

    it('one of three killed with SIGKILL against a slow server that answers 4xx at times: every digest arrives once or is unknown, and the next run sends nothing twice', async () => {
      const held = gate();
      // Every seventh DATA is refused for now, but no reader's twice: the runs retry it within their attempts.
      const refused = new Set<string>();
      const server = await new TestSmtpServer({
        delayMs: 20,
        gate: held.wait,
        onData: (n, [to]) => {
          if (n % 7 !== 3 || refused.has(to)) return null;
          refused.add(to);
          return { code: 451, message: '4.3.0 try again later' };
        },
      }).start();
      cleanup.push(() => server.stop());
      const shared = await project(server, store);

      const runs = spawnRuns(shared, 3);
      const [victim, ...survivors] = runs;
      const victimRunner = await until('each run to claim editions', async () => (await claimants(shared.at, 3))?.find((id) => id.startsWith(`${hostname()}:${victim.child.pid}:`)));
      // The victim has messages in flight (held by the server) when it dies.
      await until('the victim to be sending', async () => (await readStore(shared.at, `select 1 from editions where state = 'sending' and claimed_by = '${victimRunner}'`)).length > 0);
      victim.child.kill('SIGKILL');
      expect((await victim.exited).signal).toBe('SIGKILL');
      held.open();
      const reports = (await Promise.all(survivors.map((run) => run.exited))).map(reportOf);

      for (const report of reports) expect(report.sent).toBeGreaterThan(0);
      expect(reports.reduce((sum, report) => sum + report.tookOver, 0)).toBe(1);
      const states = await editionStates(shared.at);
      expect(states.size).toBe(SUBSCRIBERS);
      const counts = server.countsByRecipient();
      const unknown = [...states].filter(([, edition]) => edition.state === 'unknown');
      // Only what the victim had in flight: two connections, one sending and one waiting each.
      expect(unknown.length).toBeGreaterThan(0);
      expect(unknown.length).toBeLessThanOrEqual(4);
      for (const [, edition] of unknown) expect(edition.claimedBy).toBe(victimRunner);
      for (const [email, edition] of states) {
        if (edition.state === 'unknown') expect(counts.get(email) ?? 0).toBeLessThanOrEqual(1);
        else if (edition.state === 'sent') expect(counts.get(email)).toBe(1);
        else expect(edition.state).toBe('empty');
      }
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
      expect(refused.size).toBeGreaterThan(0);

      const received = server.received.length;
      const next = await cli(['run', '--at', AT, '--json'], { cwd: shared.dir, env: shared.env });
      const report = JSON.parse(next.stdout) as RunReport;
      expect(report.sent + report.resent + report.built).toBe(0);
      expect(server.received.length).toBe(received);
    }, 180_000);
  });

  it("recovery at a run's start leaves a live process's deliveries sending", async () => {
    const server = await new TestSmtpServer().start();
    cleanup.push(() => server.stop());
    const { app, config } = await testApp({ transport: server.url, subscribers: makeSubscribers(6), maxConnections: 2 });
    cleanup.push(() => app.close());
    // Another process on another host, alive (its heartbeat is current), has one delivery in flight.
    await registerRunner(app.db, { id: 'other-host:4242:live', host: 'other-host', pid: 4242, now: new Date(), ttlMs: 600_000 });
    const subscriber = await app.db.selectFrom('subscribers').select('id').orderBy('id').executeTakeFirstOrThrow();
    const at = new Date().toISOString();
    await app.db
      .insertInto('editions')
      .values({ subscriber_id: subscriber.id, kind: 'daily', period: '2026-11-24', state: 'sending', claimed_by: 'other-host:4242:live', message_id: '<x@test>', created_at: at, updated_at: at })
      .execute();
    const renderer = await createRendererFor(config, app.log);
    const transport = createTransport(config);
    cleanup.push(() => transport.close());
    const report = await runOnce(app, { at: new Date(AT), renderer, transport });
    expect(report.unknown).toBe(0);
    expect(report.sent).toBe(5);
    const row = await app.db.selectFrom('editions').select(['state', 'claimed_by']).where('subscriber_id', '=', subscriber.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ state: 'sending', claimed_by: 'other-host:4242:live' });
  });
});
