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
  'rawFromDisk.perSecond',
  'run.messages',
  'run.perSecond',
  'run.ratioToSmtp',
  'run.ratioToRaw',
  'run.ratioToRawFromDisk',
  'run.cpuMsPerMessage',
  'run.kilobytesPerMessage',
  'run.peakRssMegabytes',
  'peakRssMegabytes',
  'seed.yaml.ms',
  'seed.yaml.peakRssMegabytes',
  'seed.csv.ms',
  'seed.csv.peakRssMegabytes',
];

describe('paperboy bench', () => {
  it('measures ingest, match, render, the raw SMTP ceiling, our transport and a whole run, as JSON', async () => {
    // The run goes to the bench's own sink whatever the environment says: a
    // user's PAPERBOY_SMTP_URL would otherwise get the bench's messages.
    process.env.PAPERBOY_SMTP_URL = 'smtp://127.0.0.1:1';
    const result = await cli(['bench', '--json', '--subscribers', '20', '--papers', '50'], { cwd: tempDir('pb-bench-') }).finally(() => {
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
    expect(report.seed).toMatchObject({ entries: 20 });
    // The raw ceiling sends as many messages as there are subscribers, in a process of its own.
    expect((report.raw as { messages: number }).messages).toBe(20);
    // A tenth of the subscribers voted on 50 papers each (the bench's 50 papers: all of them), and each got a model.
    expect(report.learn).toMatchObject({ readers: 2, votes: 100 });
  }, 120_000);

  describe.skipIf(!postgresUrl())('with --store on PostgreSQL', () => {
    afterAll(dropPostgresDatabases);

    it('runs on the database it is given, which must be empty', async () => {
      const location = await freshPostgresDatabase();
      const result = await cli(['bench', '--json', '--subscribers', '20', '--papers', '50', '--store', location], { cwd: tempDir('pb-bench-') });
      expect(result.code, result.stderr).toBe(0);
      const report = JSON.parse(result.stdout) as { run: { messages: number; rounds: number[] } };
      expect(report.run.messages).toBeGreaterThan(0);
      const db = await openDatabase(location);
      try {
        // The last run's editions are in this database: one per subscriber, sent, or empty where nothing matched.
        expect(await listSubscribers(db)).toHaveLength(20);
        const states = await countEditionsByState(db);
        expect(states.sent).toBe(report.run.messages);
        expect((states.sent ?? 0) + (states.empty ?? 0)).toBe(20);
      } finally {
        await db.destroy();
      }
      const again = await cli(['bench', '--json', '--subscribers', '20', '--papers', '50', '--store', location], { cwd: tempDir('pb-bench-') });
      expect(again.code).toBe(2);
      expect(again.stderr).toContain('the database is not empty — give the bench a new database');
      expect(again.stderr).not.toContain(new URL(location).password);
    }, 120_000);
  });
});
