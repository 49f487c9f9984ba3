// `paperboy bench` end to end with tiny numbers: every stage runs and reports
// a figure. The figures themselves are measured by hand, never asserted.
import { afterAll, describe, expect, it } from 'vitest';
import { countEditionsByState, listSubscribers, openDatabase } from '../../../src/store/index.js';
import { cli } from '../../helpers/cli.js';
import { dropPostgresDatabases, freshPostgresDatabase, postgresUrl } from '../../helpers/postgres.js';
import { tempDir } from '../../helpers/temp.js';

const FIGURES = [
  'ingest.megabytes',
  'ingest.mbPerSecond',
  'match.ms',
  'match.subscribers',
  'learn.readers',
  'learn.votes',
  'learn.ms',
  'render.compiledPerSecond',
  'render.mjmlPerSecond',
  'render.ratio',
  'render.htmlKilobytes',
  'smtp.messages',
  'smtp.perSecond',
  'smtp.cpuMsPerMessage',
  'smtp.kilobytesPerMessage',
  'raw.messages',
  'raw.perSecond',
  'raw.firstMessageMs',
  'raw.warmPerSecond',
  'rawFromDisk.perSecond',
  'run.messages',
  'run.perSecond',
  'run.ratioToSmtp',
  'run.ratioToRaw',
  'run.ratioToRawFromDisk',
  'run.warmPerSecond',
  'run.warmRatioToRaw',
  'run.cpuMsPerMessage',
  'run.mainThread.cpuMsPerMessage',
  'run.mainThread.busy',
  'run.kilobytesPerMessage',
  'run.peakRssMegabytes',
  'peakRssMegabytes',
  'seed.yaml.ms',
  'seed.yaml.peakRssMegabytes',
  'seed.csv.ms',
  'seed.csv.peakRssMegabytes',
];

interface HistoryAndShared {
  run: { messages: number };
  history: { days: number; editions: number; messages: number; rounds: number[]; ratioToFresh: number };
  shared: { messages: number; ms: number; runs: { messages: number; share: number; editions: number; others: number; ms: number }[] };
}

/** --history-days and --shared-runs 2 reported what they measured, of the same due editions as the single runs. */
function expectHistoryAndSharedPass(report: Record<string, unknown>, days: number, subscribers: number): void {
  const { run, history, shared } = report as unknown as HistoryAndShared;
  // A sent edition for every subscriber on each past day, then runs that sent as many as on the fresh store.
  expect(history).toMatchObject({ days, editions: days * subscribers, messages: run.messages });
  expect(history.rounds).toHaveLength(2);
  expect(history.ratioToFresh).toBeGreaterThan(0);
  // Two runs started together shared the due editions: each recorded its own, none twice, and together they sent what one run alone sends.
  expect(shared.runs).toHaveLength(2);
  expect(shared.runs.reduce((sum, one) => sum + one.editions, 0)).toBe(subscribers);
  expect(shared.runs.reduce((sum, one) => sum + one.messages, 0)).toBe(shared.messages);
  expect(shared.messages).toBe(run.messages);
  expect(shared.runs.reduce((sum, one) => sum + one.share, 0)).toBeCloseTo(1, 1);
  for (const one of shared.runs) expect(one.ms).toBeGreaterThan(0);
}

describe('paperboy bench', () => {
  it('measures ingest, match, render, the raw SMTP ceiling, our transport and a whole run, on a fresh store, with a history and shared by two runs, as JSON', async () => {
    // The run goes to the bench's own sink whatever the environment says: a
    // user's PAPERBOY_SMTP_URL would otherwise get the bench's messages.
    process.env.PAPERBOY_SMTP_URL = 'smtp://127.0.0.1:1';
    const result = await cli(['bench', '--json', '--subscribers', '20', '--papers', '50', '--history-days', '3', '--shared-runs', '2'], { cwd: tempDir('pb-bench-') }).finally(() => {
      delete process.env.PAPERBOY_SMTP_URL;
    });
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as Record<string, unknown>;
    for (const path of FIGURES) {
      const value = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], report);
      expect(typeof value, path).toBe('number');
      expect(value, path).toBeGreaterThan(0);
    }
    expect(report).toMatchObject({ subscribers: 20, papers: 50 });
    // Two whole runs, the second from no editions again (the bench checks that both send as many).
    const run = report.run as { rounds: number[] };
    expect(run.rounds).toHaveLength(2);
    for (const perSecond of run.rounds) expect(perSecond).toBeGreaterThan(0);
    // Each run's first message reached the sink after the command started.
    const firstMessageMs = (report.run as { firstMessageMs: number[] }).firstMessageMs;
    expect(firstMessageMs).toHaveLength(2);
    for (const ms of firstMessageMs) expect(ms).toBeGreaterThan(0);
    // Each command's pace once warm, and the run's as a share of the raw send's.
    const paces = report as { run: { warmPerSecond: number; warmRatioToRaw: number }; raw: { warmPerSecond: number } };
    // Rounded to hundredths: within half of one of the exact share.
    expect(Math.abs(paces.run.warmRatioToRaw - paces.run.warmPerSecond / paces.raw.warmPerSecond)).toBeLessThanOrEqual(0.005 + 1e-9);
    // The main thread's CPU is part of the command's, and it cannot be busy longer than the command ran.
    const whole = report.run as { cpuMsPerMessage: number; mainThread: { cpuMsPerMessage: number; busy: number } };
    expect(whole.mainThread.cpuMsPerMessage).toBeLessThanOrEqual(whole.cpuMsPerMessage);
    expect(whole.mainThread.busy).toBeLessThanOrEqual(1);
    expect(report.seed).toMatchObject({ entries: 20 });
    // The raw ceiling sends as many messages as there are subscribers, in a process of its own.
    expect((report.raw as { messages: number }).messages).toBe(20);
    // A tenth of the subscribers voted on 50 papers each (the bench's 50 papers: all of them), and each got a model.
    expect(report.learn).toMatchObject({ readers: 2, votes: 100 });
    expectHistoryAndSharedPass(report, 3, 20);
  }, 180_000);

  describe.skipIf(!postgresUrl())('with --store on PostgreSQL', () => {
    afterAll(dropPostgresDatabases);

    it('runs on the database it is given, which must be empty', async () => {
      const location = await freshPostgresDatabase();
      const result = await cli(['bench', '--json', '--subscribers', '20', '--papers', '50', '--store', location, '--history-days', '2', '--shared-runs', '2'], { cwd: tempDir('pb-bench-') });
      expect(result.code, result.stderr).toBe(0);
      const report = JSON.parse(result.stdout) as { run: { messages: number; rounds: number[] } };
      expect(report.run.messages).toBeGreaterThan(0);
      expectHistoryAndSharedPass(report as unknown as Record<string, unknown>, 2, 20);
      const db = await openDatabase(location);
      try {
        // The history's editions (two days, every subscriber) and the last run's are in this database: one per subscriber, sent, or empty where nothing matched.
        expect(await listSubscribers(db)).toHaveLength(20);
        const states = await countEditionsByState(db);
        expect(states.sent).toBe(40 + report.run.messages);
        expect((states.sent ?? 0) + (states.empty ?? 0)).toBe(40 + 20);
        // Every sent edition's row in sent_history, each past digest with its twenty papers.
        const history = await db.selectFrom('sent_history').select(['edition_id', 'papers']).execute();
        expect(history).toHaveLength(states.sent ?? 0);
        expect(history.filter((row) => row.papers.split('\n').length >= 20).length).toBeGreaterThanOrEqual(40);
      } finally {
        await db.destroy();
      }
      const again = await cli(['bench', '--json', '--subscribers', '20', '--papers', '50', '--store', location], { cwd: tempDir('pb-bench-') });
      expect(again.code).toBe(2);
      expect(again.stderr).toContain('the database is not empty — give the bench a new database');
      expect(again.stderr).not.toContain(new URL(location).password);
    }, 180_000);
  });
});
