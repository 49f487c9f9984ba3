import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import { openApp, createRendererFor, type App } from '../app.js';
import { resolveConfig } from '../config/index.js';
import { SmtpTransport } from '../deliver/index.js';
import { buildMime } from '../deliver/mime.js';
import { envelopeOf } from '../deliver/smtp-mailer.js';
import { parseDump } from '../ingest/index.js';
import { indexRecentPapers, ingestDumps, refreshReaderModels, type RunReport } from '../run/index.js';
import { latestSlot } from '../schedule/index.js';
import { bulkInsertSubscribers, openDatabase, recordVotes } from '../store/index.js';
import { isEmptyStore } from '../store/copy.js';
import { connectStore, describeStore, migrateStore } from '../store/database.js';
import { PaperboyError } from '../errors.js';
import type { Message } from '../types.js';
import { benchMatch, syntheticProfile, mulberry32 } from './match.js';
import { benchRender } from './render.js';
import { rawSendCommand, rawSendInChild, writeOutbox, type RawMessage } from './raw-send.js';
import { paperboyCommand, runCommand, type RunCommandOptions } from './run-process.js';
import { SinkProcess } from './sink-process.js';
import { fillSentHistory, insertHistoryPapers } from './history.js';
import { storeAtRest } from './at-rest.js';
import { sharedPass, type SharedPass } from './shared-pass.js';

const BENCH_SECRET = 'bench-secret-not-for-mail-0123456789';

export interface BenchOptions {
  subscribers: number;
  papers: number;
  /** The folder of sample dumps the papers are drawn from. */
  samplesDir: string;
  log: Logger;
  onStage?: (stage: string) => void;
  /** Messages done of those the stage sends (the SMTP rounds and the run), for a progress bar. */
  onProgress?: (stage: string, done: number, total: number) => void;
  /** The store the runs use: a postgres:// URL of an empty database (migrated here); a SQLite file in the bench's folder otherwise. */
  store?: string;
  /** Days of sent daily digests to fill the store with, after the runs on a fresh store, for as many runs on it (0: none). */
  historyDays?: number;
  /** Runs started together on the same due editions, after the single runs (0: none). */
  sharedRuns?: number;
}

export interface BenchReport {
  machine: { cpus: number; cpu: string; node: string; platform: string };
  subscribers: number;
  papers: number;
  ingest: { megabytes: number; ms: number; mbPerSecond: number };
  match: { subscribers: number; papers: number; ms: number; indexMs: number };
  /** Reader models trained from the votes of a share of the subscribers, before the runs (as when their votes came in). */
  learn: { readers: number; votes: number; ms: number; msPerReader: number };
  render: { compiledPerSecond: number; mjmlPerSecond: number; ratio: number; htmlKilobytes: number };
  /**
   * Messages like the run's, already built, through our own pooled transport
   * (which still turns each into MIME). The better of two rounds, one before
   * the run and one after.
   */
  smtp: { messages: number; ms: number; perSecond: number; rounds: number[] } & CpuShare;
  /**
   * The raw ceiling: as many finished messages as the run sends, of the same
   * size, held in memory by a fresh process and sent through a plain
   * nodemailer pool with as many connections (raw-memory-process.ts), timed
   * as a whole command from spawn to exit, the better of two rounds. What
   * the server can take from a client that does nothing else.
   * firstMessageMs: from spawn to the first message's DATA at the server.
   * warmPerSecond: its pace over the later half of its messages (pace.ts).
   */
  raw: { messages: number; ms: number; perSecond: number; rounds: number[]; firstMessageMs: number; warmPerSecond: number | null };
  /**
   * The ceiling before: the same messages re-sent from .eml files on disk
   * (raw-process.ts), timed from the first send to the last, not as a whole
   * command. Kept so that the two ratios can be compared.
   */
  rawFromDisk: { messages: number; ms: number; perSecond: number; rounds: number[] };
  /**
   * `paperboy run` in a process of its own, timed as a whole command from
   * spawn to exit, the better of two runs (each on the same subscribers, from
   * no editions). ratioToSmtp compares it with our transport, ratioToRaw with
   * the raw ceiling, ratioToRawFromDisk with the ceiling before.
   * firstMessageMs: from spawn to the first message's DATA at the server, in
   * each run. peakRssMegabytes: that process's resident memory at its
   * highest, in either run. warmPerSecond: the better run's pace over the
   * later half of its messages (pace.ts), and warmRatioToRaw its share of
   * the raw send's: the ratio without either command's start.
   */
  run: {
    messages: number;
    ms: number;
    perSecond: number;
    ratioToSmtp: number;
    ratioToRaw: number;
    ratioToRawFromDisk: number;
    rounds: number[];
    firstMessageMs: number[];
    warmPerSecond: number | null;
    warmRatioToRaw: number | null;
    peakRssMegabytes: number;
    stages: RunReport['stages'];
  } & CpuShare;
  /**
   * With --history-days: the same run, the better of two, on a store filled
   * with that many days of sent daily digests (every subscriber, maxPapers
   * papers each), beside the fresh store's run above (ratioToFresh).
   */
  history?: { days: number; editions: number; fillMs: number; messages: number; ms: number; perSecond: number; ratioToFresh: number; rounds: number[]; peakRssMegabytes: number; stages: RunReport['stages'] } & CpuShare;
  /**
   * With --shared-runs: that many `paperboy run` started together on the
   * same due editions: each one's messages, share and time from spawn to
   * exit; the pass's messages, and its time from the first start to the last
   * exit.
   */
  shared?: Omit<SharedPass, 'reports'>;
  /** Merging a seed subscriber file of as many entries into a fresh store, as a command, for each format. */
  seed: { entries: number; yaml: SeedFigures; csv: SeedFigures };
  /** For the whole benchmark, every stage included. */
  peakRssMegabytes: number;
}

export interface SeedFigures {
  megabytes: number;
  ms: number;
  peakRssMegabytes: number;
}

/** Where the time went, per message: our process and the sink's, in CPU milliseconds. */
export interface CpuShare {
  cpuMsPerMessage: number;
  sinkCpuMsPerMessage: number;
  /** Average size of a message as the sink received it: the ceiling's must match the run's. */
  kilobytesPerMessage: number;
  /**
   * A command's main thread (where /proc tells): its CPU per message, and
   * the share of the command's time it was busy. Near 1 it sets the pace,
   * and only less work on it makes the command faster.
   */
  mainThread?: { cpuMsPerMessage: number; busy: number };
}

/**
 * Measures every stage on a temporary store against a local SMTP sink in its
 * own process: ingest, match and render alone; then the raw SMTP ceiling for
 * messages of a twenty-paper digest's size, and a whole run, as its ratio to
 * that ceiling.
 */
export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-bench-'));
  const sink = await new SinkProcess().start();
  try {
    const samples = readSamples(options.samplesDir);
    options.onStage?.('ingest');
    const dumps = writeSyntheticDumps(join(dir, 'dumps'), samples, options.papers);

    const config = resolveConfig(
      {
        dumps: { dir: './dumps' },
        store: { url: 'sqlite:./data/bench.db' },
        delivery: { transport: sink.url, maxConnections: 5, rateLimit: 1_000_000 },
        // Mail over SMTP must link to a public https site; the sink follows no link.
        web: { publicUrl: 'https://papers.example.org' },
        digest: { maxPapers: 20 },
      },
      { source: null, baseDir: dir, env: runEnv(options.store) },
    );
    if (options.store) await prepareStore(options.store);
    const ingest = await benchIngest(join(dir, 'ingest'), dumps.dir, dumps.bytes);

    options.onStage?.('match');
    // The fastest of three rounds, as for ingest and render: the first also pays for compiling the code.
    const match = fastest(Array.from({ length: 3 }, () => benchMatch({ subscribers: options.subscribers, papers: options.papers, samples, limit: 20 })));

    options.onStage?.('render');
    const renderer = await createRendererFor(config, options.log);
    const render = await benchRender({ renderer, samples });

    const app = await openApp(config, { log: options.log });
    let whole: RunFigures;
    let runs: RunFigures[] = [];
    let runRounds: number[] = [];
    let runPeakRss = 0;
    let smtp: BenchReport['smtp'];
    let raw: BenchReport['raw'];
    let rawFromDisk: BenchReport['rawFromDisk'];
    let learn: BenchReport['learn'];
    let historyFigures: BenchReport['history'];
    let shared: BenchReport['shared'];
    try {
      const messages = sampleMessages(Math.min(options.subscribers, 5000), render.message);
      // Finished messages are ~70 KB each: written out for the raw rounds' processes, not kept.
      const rawDir = join(dir, 'raw');
      writeOutbox(rawDir, messages.map((message) => finished(message)));
      const eml = join(rawDir, readdirSync(rawDir).sort()[0]);
      // As many as the run sends, so that both pay for starting cold alike.
      const rawCount = options.subscribers;
      const memoryRounds = [await benchRawCommand(sink, eml, rawCount, options)];
      const rawRounds = [await benchRaw(sink, rawDir, rawCount, options)];
      options.onStage?.('smtp');
      const smtpProgress = (done: number) => options.onProgress?.('smtp', done, messages.length);
      const rounds = [await benchSmtp(sink, messages, smtpProgress)];

      options.onStage?.('subscribers');
      await insertSubscribers(app, options.subscribers);
      // The papers must be stored to be voted on; the runs then find nothing new to ingest, alike.
      await ingestDumps({ db: app.db, dir: config.dumps.dir, now: new Date() });
      const votes = await insertVotes(app, options.subscribers);
      options.onStage?.('learn');
      const trained = await refreshReaderModels(app);
      learn = { readers: trained.trained, votes, ms: Math.round(trained.ms), msPerReader: round2(trained.ms / Math.max(1, trained.trained)) };

      // Two runs, the better kept, as for the ceilings it is compared with:
      // the machine's speed moves between rounds, and one run against the
      // better of two ceilings would be held to its luckier moment only.
      const onRunProgress = (done: number, total: number) => options.onProgress?.('run', done, total);
      const history = options.historyDays ? { days: options.historyDays, papersPerEdition: config.digest.maxPapers, slot: latestSlot('daily', { timezone: 'UTC', sendHour: null, sendWeekday: null }, new Date(), config).at } : null;
      if (history) await insertHistoryPapers(app.db, history);
      // With every paper stored, the history's too, their index is stored, as
      // `paperboy ingest` leaves it: the first round would build it otherwise.
      await indexRecentPapers(app);
      await storeAtRest(app.db, ['papers', 'subscribers', 'topics', 'feedback', 'reader_models', 'match_indexes']);
      runs = await benchRuns(app, dir, sink, options, onRunProgress);
      whole = bestRun(runs);
      runRounds = runs.map((run) => Math.round(rate(run)));
      runPeakRss = Math.max(...runs.map((run) => run.peakRss));

      if (options.sharedRuns) {
        options.onStage?.(`${options.sharedRuns} runs sharing a pass`);
        await forgetRuns(app, 0);
        const pass = await sharedPass(options.sharedRuns, runOptions(dir, sink, options.store));
        if (pass.messages !== whole.report.sent) throw new Error(`the runs sharing a pass sent ${pass.messages} messages, one run alone ${whole.report.sent}: each due edition must be sent once`);
        const { reports: _reports, ...figures } = pass;
        shared = figures;
      }

      if (history) {
        options.onStage?.(`${history.days} days of history`);
        await forgetRuns(app, 0);
        const started = performance.now();
        const editions = await fillSentHistory(app.db, history);
        const fillMs = Math.round(performance.now() - started);
        const lastHistoryEdition = await maxEditionId(app);
        const historyRuns = await benchRuns(app, dir, sink, options, onRunProgress, lastHistoryEdition);
        if (historyRuns[0].report.sent !== whole.report.sent) throw new Error(`the runs on the store with a history sent ${historyRuns[0].report.sent} messages, on a fresh store ${whole.report.sent}: they must send the same to be compared`);
        const bestHistory = bestRun(historyRuns);
        historyFigures = {
          days: history.days,
          editions,
          fillMs,
          messages: bestHistory.report.sent,
          ms: Math.round(bestHistory.ms),
          perSecond: Math.round(rate(bestHistory)),
          ratioToFresh: round2(rate(bestHistory) / rate(whole)),
          rounds: historyRuns.map((run) => Math.round(rate(run))),
          peakRssMegabytes: Math.max(...historyRuns.map((run) => run.peakRss)),
          stages: bestHistory.report.stages,
          ...bestHistory.cpu,
        };
      }

      options.onStage?.('smtp');
      rounds.push(await benchSmtp(sink, messages, smtpProgress));
      const best = rounds.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
      smtp = { ...best, rounds: rounds.map((round) => round.perSecond) };
      rawRounds.push(await benchRaw(sink, rawDir, rawCount, options));
      const bestRaw = rawRounds.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
      rawFromDisk = { ...bestRaw, rounds: rawRounds.map((round) => round.perSecond) };
      memoryRounds.push(await benchRawCommand(sink, eml, rawCount, options));
      const bestMemory = memoryRounds.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
      raw = { ...bestMemory, rounds: memoryRounds.map((round) => round.perSecond) };
    } finally {
      await app.close();
    }

    options.onStage?.('seed merge');
    const seed = await benchSeed(join(dir, 'seed'), options.subscribers);

    const perSecond = rate(whole);
    return {
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version, platform: `${process.platform} ${process.arch}` },
      subscribers: options.subscribers,
      papers: options.papers,
      ingest,
      match: { subscribers: match.subscribers, papers: match.papers, ms: match.totalMs, indexMs: match.indexMs },
      learn,
      render: render.figures,
      smtp,
      raw,
      rawFromDisk,
      run: {
        messages: whole.report.sent,
        ms: Math.round(whole.ms),
        perSecond: Math.round(perSecond),
        ratioToSmtp: round2(perSecond / smtp.perSecond),
        ratioToRaw: round2(perSecond / raw.perSecond),
        ratioToRawFromDisk: round2(perSecond / rawFromDisk.perSecond),
        ...whole.cpu,
        rounds: runRounds,
        firstMessageMs: runs.map((run) => run.firstMessageMs),
        warmPerSecond: whole.warmPerSecond,
        warmRatioToRaw: whole.warmPerSecond && raw.warmPerSecond ? round2(whole.warmPerSecond / raw.warmPerSecond) : null,
        peakRssMegabytes: runPeakRss,
        stages: whole.report.stages,
      },
      ...(historyFigures ? { history: historyFigures } : {}),
      ...(shared ? { shared } : {}),
      seed,
      peakRssMegabytes: Math.round(process.resourceUsage().maxRSS / 1024),
    };
  } finally {
    await sink.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const RUN_ROUNDS = 2;

/** The run's environment: the secret, and a PostgreSQL store by URL (out of the config file, as an operator keeps its password). */
function runEnv(store: string | undefined): Record<string, string> {
  return { PAPERBOY_SECRET: BENCH_SECRET, ...(store ? { PAPERBOY_DATABASE_URL: store } : {}) };
}

/** A PostgreSQL store for the bench: migrated, and empty, so that the runs find only the bench's subscribers and papers. */
async function prepareStore(location: string): Promise<void> {
  const db = await connectStore(location);
  try {
    await migrateStore(db, location);
    if (!(await isEmptyStore(db))) throw new PaperboyError('PB_USAGE', `--store ${describeStore(location)}: the database is not empty — give the bench a new database (createdb), which it fills`);
  } finally {
    await db.destroy();
  }
}

interface RunFigures {
  report: RunReport;
  /** The whole command, from spawn to exit. */
  ms: number;
  cpu: CpuShare;
  peakRss: number;
  firstMessageMs: number;
  /** Its pace over the later half of its messages, at the sink (pace.ts). */
  warmPerSecond: number | null;
}

function rate(run: { report: RunReport; ms: number }): number {
  return run.report.sent / (run.ms / 1000);
}

/**
 * RUN_ROUNDS runs, each from the same due editions: before each, the
 * editions the runs made (those after `keep`) are forgotten.
 */
async function benchRuns(app: App, dir: string, sink: SinkProcess, options: BenchOptions, onProgress: (done: number, total: number) => void, keep = 0): Promise<RunFigures[]> {
  const runs: RunFigures[] = [];
  for (let round = 0; round < RUN_ROUNDS; round++) {
    options.onStage?.('run');
    if (round > 0) await forgetRuns(app, keep);
    runs.push(await benchRun(app, dir, sink, options.subscribers, options.store, onProgress, keep));
  }
  const sent = runs.map((run) => run.report.sent);
  if (sent.some((n) => n !== sent[0])) throw new Error(`the bench's runs sent ${sent.join(' and ')} messages: they must send the same to be compared`);
  return runs;
}

function bestRun(runs: RunFigures[]): RunFigures {
  return runs.reduce((a, b) => (rate(b) > rate(a) ? b : a));
}

/**
 * Back to before the runs: the editions after `keep` (the history's, if
 * any, stay) and what they recorded are forgotten, so the same editions are
 * due again, none of their papers sent.
 */
async function forgetRuns(app: App, keep: number): Promise<void> {
  await app.db.transaction().execute(async (trx) => {
    const runs = trx.selectFrom('editions').select('id').where('id', '>', keep);
    await trx.deleteFrom('sent_history').where('edition_id', 'in', runs).execute();
    await trx.deleteFrom('edition_digests').where('edition_id', 'in', runs).execute();
    await trx.deleteFrom('editions').where('id', '>', keep).execute();
  });
}

async function maxEditionId(app: App): Promise<number> {
  const row = await app.db.selectFrom('editions').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  return Number(row?.id ?? 0);
}

async function insertSubscribers(app: App, count: number): Promise<void> {
  const random = mulberry32(7);
  await bulkInsertSubscribers(
    app.db,
    Array.from({ length: count }, (_, i) => ({
      email: `reader${i}@bench.example.org`,
      name: null,
      timezone: 'UTC',
      frequency: 'daily' as const,
      sendHour: null,
      sendWeekday: null,
      maxPapers: null,
      topics: syntheticProfile(random),
    })),
    new Date(),
  );
}

/** Every tenth subscriber voted on this many papers: two likes for each dislike. */
const VOTES_PER_VOTER = 50;
const VOTER_EVERY = 10;

/** Votes for a tenth of the subscribers, on papers drawn the same way every time; returns how many. */
async function insertVotes(app: App, subscribers: number): Promise<number> {
  const random = mulberry32(11);
  const papers = (await app.db.selectFrom('papers').select('id').orderBy('id').execute()).map((row) => row.id);
  const ids = (await app.db.selectFrom('subscribers').select('id').orderBy('id').execute()).map((row) => row.id);
  const votes: { subscriberId: number; paperId: string; vote: 'up' | 'down' }[] = [];
  for (let i = 0; i < Math.min(subscribers, ids.length); i += VOTER_EVERY) {
    const chosen = new Set<string>();
    while (chosen.size < Math.min(VOTES_PER_VOTER, papers.length)) chosen.add(papers[Math.floor(random() * papers.length)]);
    let n = 0;
    for (const paperId of chosen) votes.push({ subscriberId: ids[i], paperId, vote: n++ % 3 === 2 ? 'down' : 'up' });
  }
  await recordVotes(app.db, votes, new Date());
  return votes.length;
}

/**
 * `paperboy run` as a user would run it, in a process of its own (see
 * run-process.ts): ingest, due editions, match, render, send. Its progress is
 * read from the store as it goes.
 */
async function benchRun(app: App, dir: string, sink: SinkProcess, total: number, store: string | undefined, onProgress: (done: number, total: number) => void, keep: number): Promise<RunFigures> {
  const sinkBefore = await sink.mark();
  // Only the run's own editions are counted: a count over a month of history, twice a second, would take CPU from the run.
  const progress = () =>
    void app.db
      .selectFrom('editions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('id', '>', keep)
      .where('state', 'in', ['sent', 'empty', 'failed'])
      .executeTakeFirst()
      .then(
        (row) => onProgress(Number(row?.n ?? 0), total),
        () => {},
      );
  const run = await runCommand({ ...runOptions(dir, sink, store), onTick: progress });
  const sinkAfter = await sink.stats();
  const n = Math.max(1, run.report.sent);
  return {
    report: run.report,
    ms: run.commandMs,
    firstMessageMs: firstMessageMs(sinkAfter.firstDataAt, run.startedAt),
    warmPerSecond: sinkAfter.warmPerSecond,
    cpu: {
      cpuMsPerMessage: round2(run.cpuMs / n),
      sinkCpuMsPerMessage: round2((sinkAfter.cpuMs - sinkBefore.cpuMs) / n),
      kilobytesPerMessage: Math.round((sinkAfter.bytes - sinkBefore.bytes) / n / 102.4) / 10,
      ...(run.mainThreadCpuMs > 0 ? { mainThread: { cpuMsPerMessage: round2(run.mainThreadCpuMs / n), busy: round2(run.mainThreadCpuMs / run.commandMs) } } : {}),
    },
    peakRss: run.peakRssMegabytes,
  };
}

/** How the bench starts `paperboy run`: its folder, a config file written there, and its environment. */
function runOptions(dir: string, sink: SinkProcess, store: string | undefined): RunCommandOptions {
  const configPath = join(dir, 'paperboy.yaml');
  writeFileSync(
    configPath,
    [
      'dumps: { dir: ./dumps }',
      'store: { url: "sqlite:./data/bench.db" }',
      `delivery: { transport: "${sink.url}", maxConnections: 5, rateLimit: 1000000 }`,
      'web: { publicUrl: "https://papers.example.org" }',
      'digest: { maxPapers: 20 }',
      '',
    ].join('\n'),
  );
  return { cwd: dir, configPath, env: runEnv(store) };
}

function readSamples(dir: string): { title: string; abstract: string }[] {
  const now = new Date();
  const seen = new Set<string>();
  const samples: { title: string; abstract: string }[] = [];
  for (const name of readdirSync(dir).sort()) {
    for (const paper of parseDump(readFileSync(join(dir, name)), { name, now }).papers) {
      if (seen.has(paper.title)) continue;
      seen.add(paper.title);
      samples.push({ title: paper.title, abstract: paper.abstract });
    }
  }
  return samples;
}

/** The sample papers, repeated with varied titles, as blank-pairs dumps of up to 1,000 papers each. */
function writeSyntheticDumps(dir: string, samples: { title: string; abstract: string }[], count: number): { dir: string; bytes: number } {
  mkdirSync(dir, { recursive: true });
  let bytes = 0;
  for (let start = 0, file = 0; start < count; start += 1000, file++) {
    const lines = ['new', '', 'Get trending papers in your email inbox!', '', 'Subscribe', '', 'byAK and the research community', '', 'Nov 24', ''];
    for (let i = start; i < Math.min(count, start + 1000); i++) {
      const sample = samples[i % samples.length];
      const round = Math.floor(i / samples.length);
      lines.push(round === 0 ? sample.title : `${sample.title} (variant ${round})`, '', sample.abstract, '');
    }
    const text = lines.join('\n');
    bytes += Buffer.byteLength(text);
    const path = join(dir, `bench-${String(file).padStart(4, '0')}.txt`);
    writeFileSync(path, text);
  }
  return { dir, bytes };
}

/**
 * Ingests the dumps into fresh stores a few times and keeps the fastest
 * round, as the render benchmark does: a round can lose its core to other
 * programs, and the first one also pays for compiling the code.
 */
async function benchIngest(dir: string, dumpsDir: string, bytes: number): Promise<BenchReport['ingest']> {
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const db = await openDatabase(join(dir, `ingest-${round}.db`));
    try {
      const started = performance.now();
      await ingestDumps({ db, dir: dumpsDir, now: new Date(), stableMs: 0 });
      best = Math.min(best, performance.now() - started);
    } finally {
      await db.destroy();
    }
  }
  const megabytes = bytes / 1_000_000;
  return { megabytes: round2(megabytes), ms: Math.round(best), mbPerSecond: round2(megabytes / (best / 1000)) };
}

/** Messages like the run's (same size), already built, so that only SMTP is timed. */
function sampleMessages(count: number, template: Message): Message[] {
  return Array.from({ length: Math.max(count, 200) }, (_, i) => ({
    ...template,
    messageId: `<bench-${i}@bench.example.org>`,
    to: `reader${i}@bench.example.org`,
  }));
}

/** A message as the finished bytes a transport would send. */
function finished(message: Message): RawMessage {
  const { from, to } = envelopeOf(message);
  return { raw: buildMime(message, new Date()), from, to: to[0] };
}

/** The finished messages in `dir` through a plain nodemailer pool, in a fresh process, timed from its first send to its last (the ceiling before). */
async function benchRaw(sink: SinkProcess, dir: string, count: number, options: BenchOptions): Promise<Omit<BenchReport['rawFromDisk'], 'rounds'>> {
  options.onStage?.('raw SMTP from disk');
  return rawSendInChild(dir, sink.url, 5, count);
}

/** `count` messages like the .eml file, held in memory by a fresh process and sent through a plain nodemailer pool, timed as a whole command. */
async function benchRawCommand(sink: SinkProcess, eml: string, count: number, options: BenchOptions): Promise<Omit<BenchReport['raw'], 'rounds'>> {
  options.onStage?.('raw SMTP');
  await sink.mark();
  const figures = await rawSendCommand(eml, sink.url, 5, count);
  const { firstDataAt, warmPerSecond } = await sink.stats();
  return { messages: figures.messages, ms: figures.ms, perSecond: figures.perSecond, firstMessageMs: firstMessageMs(firstDataAt, figures.startedAt), warmPerSecond };
}

/** From a process's start to the first DATA the sink saw after it (0 if none came). */
function firstMessageMs(firstDataAt: number | null, startedAt: number): number {
  return firstDataAt === null ? 0 : Math.round(firstDataAt - startedAt);
}

/**
 * A seed subscriber file of `count` entries, as YAML and as CSV, each merged
 * into a fresh store by a command of its own (\`paperboy papers\`, which merges
 * the seed as every command does): its time and peak memory.
 */
async function benchSeed(dir: string, count: number): Promise<BenchReport['seed']> {
  const random = mulberry32(13);
  const entries = Array.from({ length: count }, (_, i) => ({
    email: `reader${i}@bench.example.org`,
    name: `Reader ${i}`,
    topics: syntheticProfile(random).map((topic) => (topic.name === topic.query ? topic.query : `${topic.name}: ${topic.query}`)),
  }));
  const yaml = entries.map((entry) => `- email: ${entry.email}\n  name: ${entry.name}\n  timezone: Europe/London\n  topics:\n${entry.topics.map((topic) => `    - ${JSON.stringify(topic)}\n`).join('')}`);
  const csv = ['email,name,timezone,topics\n', ...entries.map((entry) => `${entry.email},${entry.name},Europe/London,"${entry.topics.join(';').replaceAll('"', '""')}"\n`)];
  const figures = async (format: 'yaml' | 'csv', lines: string[]): Promise<SeedFigures> => {
    const folder = join(dir, format);
    mkdirSync(join(folder, 'dumps'), { recursive: true });
    const text = lines.join('');
    writeFileSync(join(folder, `subscribers.${format}`), text);
    writeFileSync(join(folder, 'paperboy.yaml'), `dumps: { dir: ./dumps }\nstore: { url: "sqlite:./data/seed.db" }\nsubscribers: ./subscribers.${format}\n`);
    const run = await paperboyCommand(['papers', '--config', join(folder, 'paperboy.yaml')], { cwd: folder, env: { PAPERBOY_SECRET: BENCH_SECRET } });
    return { megabytes: round2(Buffer.byteLength(text) / 1_000_000), ms: Math.round(run.commandMs), peakRssMegabytes: run.peakRssMegabytes };
  };
  return { entries: count, yaml: await figures('yaml', yaml), csv: await figures('csv', csv) };
}

/** Pre-built messages pushed through our own pooled transport, kept busy. */
async function benchSmtp(sink: SinkProcess, messages: Message[], onProgress: (done: number) => void): Promise<Omit<BenchReport['smtp'], 'rounds'>> {
  const transport = new SmtpTransport({ url: sink.url, maxConnections: 5, rateLimit: 1_000_000 });
  const date = new Date();
  const cpu = await cpuMeter(sink);
  const started = performance.now();
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < messages.length) {
      await transport.send(messages[next++], date);
      onProgress(++done);
    }
  };
  await Promise.all(Array.from({ length: 10 }, worker));
  const ms = performance.now() - started;
  const share = await cpu.perMessage(messages.length);
  await transport.close();
  return { messages: messages.length, ms: Math.round(ms), perSecond: Math.round(messages.length / (ms / 1000)), ...share };
}

/** CPU time of this process and of the sink from now on, shared out per message. */
async function cpuMeter(sink: SinkProcess): Promise<{ perMessage(messages: number): Promise<CpuShare> }> {
  const ours = process.cpuUsage();
  const sinks = await sink.stats();
  return {
    async perMessage(messages) {
      const used = process.cpuUsage(ours);
      const now = await sink.stats();
      const n = Math.max(1, messages);
      return {
        cpuMsPerMessage: round2((used.user + used.system) / 1000 / n),
        sinkCpuMsPerMessage: round2((now.cpuMs - sinks.cpuMs) / n),
        kilobytesPerMessage: Math.round((now.bytes - sinks.bytes) / n / 102.4) / 10,
      };
    },
  };
}

function fastest<T extends { totalMs: number }>(rounds: T[]): T {
  return rounds.reduce((a, b) => (b.totalMs < a.totalMs ? b : a));
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
