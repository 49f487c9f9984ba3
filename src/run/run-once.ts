import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { App } from '../app.js';
import { Outbox, type DeliveryJob, type DeliveryOutcome, type MailTransport, type RetryPolicy } from '../deliver/index.js';
import { isEmptyEdition } from '../digest/index.js';
import type { AcronymTable } from '../match/index.js';
import { isPaperboyError } from '../errors.js';
import { ingestDumps, type IngestReport } from './ingest-dumps.js';
import type { Renderer } from '../render/index.js';
import { instantPeriod, type DueEdition } from '../schedule/index.js';
import {
  claimBuilds,
  releaseBuilds,
  waitingEditionIds,
  listSchedules,
  papersFirstSeenSince,
  planEditions,
  recordRun,
  recordEmptyEdition,
  type Edition,
} from '../store/index.js';
import type { Digest, Subscriber } from '../types.js';
import { candidatesOf, editionFor, readersOf, recentCandidates, type Candidates, type DueLike } from './candidates.js';
import { duePages } from './due-pages.js';
import { ReadyQueue } from './pool.js';
import { storedJob } from './stored-job.js';
import { refreshReaderModels } from './readers.js';
import { recoverDead, Runner } from './runner.js';
/**
 * Editions claimed (and their readers read) per store round trip. Small
 * enough that runs sharing a pass each get a share of a few hundred
 * subscribers; large enough that claiming costs nothing next to building.
 */
const CLAIM_BATCH = 64;
/** Editions planned per store transaction: a commit per few messages, not per message. */
const PLAN_BATCH = 8;

/**
 * Messages handed to the transport per connection: the one being sent and
 * the next, waiting behind it. A connection that finishes starts the next at
 * once instead of waiting for the main thread to hear of it, claim another and
 * hand it over. A crash leaves at most this many per connection `unknown`.
 */
export const IN_FLIGHT_PER_CONNECTION = 2;

/**
 * Ready editions (built and planned, not yet rendered) that may wait for a
 * sender: one per sender and a planning batch, so a sender that finishes
 * finds the next at once. Each is planned, so the store has its row; more
 * would only plan further ahead of what is sent.
 */
function readyEditions(senders: number): number {
  return senders + PLAN_BATCH;
}

export interface RunOptions {
  /** The schedule's clock: which editions are due. */
  at: Date;
  dryRun?: boolean;
  renderer: Renderer;
  transport: MailTransport;
  /** Ingest new dumps first (the default). */
  ingest?: boolean;
  retry?: Partial<RetryPolicy>;
  sleep?: (ms: number) => Promise<void>;
  /** Aborting stops taking new editions; messages already handed over still finish. */
  signal?: AbortSignal;
  /** Called once per finished edition, for a progress bar. */
  onProgress?: (done: number, total: number) => void;
  /** Deliver what is planned (the default); false leaves the sending to `paperboy worker`. */
  send?: boolean;
}

export interface RunReport {
  at: string;
  dryRun: boolean;
  /** Built and planned only, for `paperboy worker` to send (RunOptions.send false). */
  planOnly: boolean;
  /** This process's id in the store (its heartbeat row), which names its claims; null for a dry run. */
  runner: string | null;
  /** `waiting`: dumps that changed while the ingest waited for them to settle, left for the next ingest. */
  ingest: { dumps: number; papers: number; new: number; errors: string[]; waiting: string[] };
  due: number;
  alerts: number;
  /** Due editions that another process sharing this pass built (or had built) instead. */
  others: number;
  /** Dead processes (killed, host gone) whose claims and deliveries this run took over. */
  tookOver: number;
  /** Editions with papers, built and rendered (with --dry-run: what would be sent). */
  built: number;
  sent: number;
  empty: number;
  retry: number;
  failed: number;
  /** Deliveries found interrupted (state `unknown`), waiting for `deliveries retry --unknown`. */
  unknown: number;
  /** Deliveries left waiting from earlier runs that this run sent again. */
  resent: number;
  /** Subscribers left out: settings no schedule can be computed from, or a topic that no longer parses. */
  invalid: { email: string; error: string }[];
  /** Set when the transport could not be used at all. */
  transportError: string | null;
  /** Reader models trained because their votes changed since the last run. */
  learned: number;
  /** Milliseconds per stage. */
  stages: { ingest: number; learn: number; match: number; render: number; deliver: number; total: number };
}

interface Counters {
  sent: number;
  empty: number;
  retry: number;
  failed: number;
  done: number;
}

/**
 * One pass: recover, ingest, learn, then build, render and deliver every due
 * edition through a bounded pipeline, and return the report. Never throws for
 * one edition's failure: each is recorded on its row and counted.
 */
export async function runOnce(app: App, options: RunOptions): Promise<RunReport> {
  const started = performance.now();
  const dryRun = options.dryRun ?? false;
  const report = emptyReport(options.at, dryRun);
  report.planOnly = !dryRun && options.send === false;
  if (dryRun) return pass(app, options, report, null, started);
  const runner = await Runner.start(app);
  report.runner = runner.id;
  try {
    return await pass(app, options, report, runner, started);
  } finally {
    // A store that failed under the pass must not hide why it failed.
    await runner.stop().catch((error: Error) => app.log.error({ runner: runner.id, error: error.message }, 'could not remove this process from the store; its heartbeat expires by itself'));
  }
}

async function pass(app: App, options: RunOptions, report: RunReport, runner: Runner | null, started: number): Promise<RunReport> {
  const { stages, dryRun } = report;
  const sending = !dryRun && options.send !== false;
  const interrupted: Edition[] = runner ? (await recoverDead(app)).interrupted : [];
  if (sending) options.transport.prepare?.();

  const ingestedAt = app.clock.now();
  const ingest = !dryRun && options.ingest !== false ? await ingestStage(app, ingestedAt, report) : null;
  const learned = await refreshReaderModels(app);
  report.learned = learned.trained;
  stages.learn = learned.ms;

  const deliverStart = performance.now();
  const counters: Counters = { sent: 0, empty: 0, retry: 0, failed: 0, done: 0 };
  const outbox = new Outbox({ db: app.db, runnerId: runner?.id ?? '', transport: options.transport, render: (digest) => options.renderer.render(digest), clock: app.clock, log: app.log, retry: options.retry, sleep: options.sleep });
  const state = { transportDown: null as string | null, failure: undefined as unknown };
  const stopped = () => state.transportDown !== null || state.failure !== undefined || options.signal?.aborted === true;
  let total = 0;
  const senderCount = app.config.delivery.maxConnections * IN_FLIGHT_PER_CONNECTION;
  // Ready editions (built and planned) wait here for a free sender, which renders them.
  const queue = new ReadyQueue<DeliveryJob>(readyEditions(senderCount));
  // Each sender claims a message only when it can hand it over at once, so
  // no more than senderCount are ever `sending`.
  const sendLoop = async () => {
    const sender = outbox.sender();
    for (let job = await queue.take(); job; job = await queue.take()) {
      // Left `planned`: the next run sends it first (resendWaiting).
      if (stopped()) continue;
      try {
        const outcome = await sender.deliver(job);
        if (outcome.state === 'sent') stages.render += outcome.renderMs;
        count(outcome, counters, state, outbox.transportLabel, app);
        progress(counters, total, options);
      } catch (error) {
        // The store failed under us: stop, and say so once the senders have
        // drained the queue (a sender that quit could leave the producer
        // waiting on a full queue for ever).
        state.failure ??= error;
      }
    }
    await sender.finish().catch((error: unknown) => {
      state.failure ??= error;
    });
  };
  const senders = sending ? Array.from({ length: senderCount }, sendLoop) : [];

  try {
    if (sending) report.resent = await resendWaiting(app, queue, stopped);

    // What is due is read a page at a time (duePages), and its first page
    // before the recent papers: a run with mail to send opens its
    // connections at once, so the server's greeting, which servers hold back
    // on purpose (pool-connect-ahead.ts), comes while the papers and their
    // index are read, not after.
    const pages = duePages(app.db, app.config, options.at);
    let page = await pages.next();
    let connected = false;
    const connectFor = (due: number) => {
      if (!sending || connected || due === 0) return;
      connected = true;
      options.transport.connectAhead?.(due);
    };
    if (!page.done) connectFor(page.value.due.length);

    const t = performance.now();
    const recent = await recentCandidates(app);
    stages.match += performance.now() - t;
    const alertJobs = ingest && ingest.new > 0 ? await alertEditions(app, ingest, ingestedAt, recent.acronyms) : null;
    report.alerts = alertJobs?.editions.length ?? 0;
    total = report.alerts;

    const ready: { digest: Digest; subscriber: Subscriber }[] = [];
    // Planned a batch at a time: one commit per batch, not per message. One
    // batch is planned while the next is built, so that a store a network
    // away (a few round trips a batch) does not hold up the building.
    let planning: Promise<void> = Promise.resolve();
    const planReady = async () => {
      const batch = ready.splice(0);
      await planning;
      planning = planBatch(batch);
      // Awaited by the next batch or at the end; a failure is thrown there, not left unhandled.
      planning.catch(() => {});
    };
    const planned = async () => {
      if (ready.length > 0) await planReady();
      await planning;
    };
    const planBatch = async (batch: typeof ready) => {
      const ids = await planEditions(app.db, batch.map(({ digest }) => ({ digest, messageId: options.renderer.messageId(digest) })), app.clock.now());
      if (!sending) return;
      for (const [i, { digest, subscriber }] of batch.entries()) {
        if (ids[i] !== null) await queue.put({ editionId: ids[i], subscriberId: subscriber.id, email: subscriber.email, digest });
      }
    };

    const build = async ({ editions, candidates }: Work) => {
      for (let i = 0; i < editions.length && !stopped(); i += CLAIM_BATCH) {
        const chunk = editions.slice(i, i + CLAIM_BATCH);
        // Only the editions this run claimed are its to build; another
        // process sharing the pass builds the rest.
        const batch = runner ? await claimBuilds(app.db, runner.id, chunk, app.clock.now()) : chunk;
        report.others += chunk.length - batch.length;
        total -= chunk.length - batch.length;
        if (batch.length === 0) continue;
        const readers = await readersOf(app, batch, candidates.since);
        for (const due of batch) {
          // Building and rendering are synchronous: let the connections' replies in between messages.
          await yieldToIo();
          if (stopped()) break;
          const subscriber = readers.subscriber(due.subscriberId);
          if (subscriber?.status !== 'active') {
            // Removed or unsubscribed since the pass began: nothing to send them.
            total--;
            continue;
          }
          let digest: Digest;
          try {
            const m = performance.now();
            digest = editionFor(app, due, subscriber, candidates, readers, app.clock.now());
            stages.match += performance.now() - m;
          } catch (error) {
            // One subscriber's broken topic must not hold up everyone else's digest.
            if (!isPaperboyError(error)) throw error;
            report.invalid.push({ email: subscriber.email, error: error.message });
            app.log.error({ email: subscriber.email, edition: `${due.kind}:${due.period}`, error: error.message }, 'cannot build this edition; fix the subscriber\'s topics');
            continue;
          }
          if (isEmptyEdition(digest)) {
            if (!dryRun) await recordEmptyEdition(app.db, { subscriberId: subscriber.id, kind: due.kind, period: due.period }, app.clock.now());
            counters.empty++;
            progress(counters, total, options);
            continue;
          }
          report.built++;
          if (dryRun) {
            // What would be sent, rendered here: a template that fails on it fails the dry run too.
            const r = performance.now();
            options.renderer.render(digest);
            stages.render += performance.now() - r;
            counters.done++;
            progress(counters, total, options);
            continue;
          }
          // Rendered by its sender, as it goes to the transport (Outbox).
          ready.push({ digest, subscriber });
          // The first message goes out alone, so that the wire is busy while the next are built.
          if (ready.length >= PLAN_BATCH || report.built === 1) await planReady();
        }
        // Planned for workers to send: theirs at once, not when this run ends.
        if (!sending && runner && !dryRun && !stopped()) {
          await planned();
          await releaseBuilds(app.db, runner.id, batch);
        }
      }
      if (stopped()) ready.length = 0;
      await planned();
    };

    // Built a page of subscribers at a time, as each is planned; each batch
    // reads its subscribers' topics and settings as it is built.
    try {
      for (; !page.done; page = await pages.next()) {
        const plan = page.value;
        report.invalid.push(...plan.invalid.map((entry) => ({ email: entry.email, error: entry.error.message })));
        connectFor(plan.due.length);
        report.due += plan.due.length;
        total += plan.due.length;
        await build({ editions: plan.due, candidates: recent });
        if (stopped()) break;
      }
    } finally {
      await pages.return(undefined);
    }
    if (alertJobs) await build(alertJobs);

    // A process sharing this pass that died (kill -9, host gone) leaves
    // claims it never built and planned editions it never sent: take them
    // over before finishing, so that the pass still ends with every digest
    // sent or reported unknown.
    while (runner && !stopped()) {
      const recovery = await recoverDead(app);
      interrupted.push(...recovery.interrupted);
      if (recovery.dead.length === 0 && recovery.released === 0) break;
      report.tookOver += recovery.dead.length;
      for await (const again of duePages(app.db, app.config, options.at)) {
        total += again.due.length;
        await build({ editions: again.due, candidates: recent });
        if (stopped()) break;
      }
      if (sending) report.resent += await resendWaiting(app, queue, stopped);
    }
  } finally {
    queue.close();
    await Promise.all(senders);
  }
  if (state.failure !== undefined) throw state.failure;
  stages.deliver = performance.now() - deliverStart - stages.match - stages.render;

  const { sent, empty, retry, failed } = counters;
  Object.assign(report, { sent, empty, retry, failed });
  report.unknown = interrupted.length;
  report.transportError = state.transportDown;
  stages.total = performance.now() - started;
  for (const key of Object.keys(stages) as (keyof typeof stages)[]) stages[key] = Math.round(stages[key]);
  if (!dryRun) await recordRun(app.db, report, app.clock.now());
  return report;
}

function emptyReport(at: Date, dryRun: boolean): RunReport {
  return {
    at: at.toISOString(),
    dryRun,
    planOnly: false,
    runner: null,
    ingest: { dumps: 0, papers: 0, new: 0, errors: [], waiting: [] },
    due: 0,
    alerts: 0,
    others: 0,
    tookOver: 0,
    built: 0,
    sent: 0,
    empty: 0,
    retry: 0,
    failed: 0,
    unknown: 0,
    resent: 0,
    invalid: [],
    learned: 0,
    transportError: null,
    stages: { ingest: 0, learn: 0, match: 0, render: 0, deliver: 0, total: 0 },
  };
}

async function ingestStage(app: App, ingestedAt: Date, report: RunReport): Promise<IngestReport | null> {
  const t = performance.now();
  try {
    const ingest = await ingestDumps({ db: app.db, dir: app.config.dumps.dir, now: ingestedAt, sources: app.sources });
    report.ingest = {
      dumps: ingest.dumps.filter((dump) => dump.format !== null).length,
      papers: ingest.papers,
      new: ingest.new,
      errors: ingest.dumps.flatMap((dump) => (dump.error ? [dump.error] : [])),
      waiting: ingest.dumps.flatMap((dump) => (dump.skipped === 'still being written' ? [dump.path] : [])),
    };
    for (const dump of ingest.dumps) {
      for (const cut of dump.cuts) app.log.warn({ dump: dump.path, line: cut.line, title: cut.title, field: cut.field, length: cut.length, limit: cut.limit }, 'a paper field was cut to its bound');
    }
    return ingest;
  } catch (error) {
    // An unreadable dumps folder stops no digest: what is stored still goes out.
    if (!isPaperboyError(error)) throw error;
    report.ingest.errors.push(error.message);
    return null;
  } finally {
    report.stages.ingest = performance.now() - t;
  }
}

/** Editions to build from one set of candidate papers. */
interface Work {
  editions: DueLike[];
  candidates: Candidates;
}

/**
 * Instant subscribers get an alert per ingest that brought new papers
 * matching them; the period names the ingest (a hash of its dumps).
 */
async function alertEditions(app: App, ingest: IngestReport, ingestedAt: Date, acronyms: AcronymTable): Promise<Work | null> {
  const instant = await listSchedules(app.db, { status: 'active', frequency: 'instant' });
  if (instant.length === 0) return null;
  const papers = await papersFirstSeenSince(app.db, ingestedAt, ingest.dumpIds);
  if (papers.length === 0) return null;
  const hash = createHash('sha256');
  for (const id of ingest.dumpIds) hash.update(`${id};`);
  const period = instantPeriod(hash.digest('hex'));
  return {
    editions: instant.map((subscriber) => ({ subscriberId: subscriber.id, kind: 'instant' as const, period })),
    candidates: candidatesOf(papers, acronyms),
  };
}

/** Deliveries left waiting by earlier runs, or by processes found dead, go first: they are the oldest. */
async function resendWaiting(app: App, queue: ReadyQueue<DeliveryJob>, stopped: () => boolean): Promise<number> {
  let count = 0;
  for (const id of await waitingEditionIds(app.db, app.clock.now())) {
    if (stopped()) break;
    const job = await storedJob(app, id);
    if (!job) continue;
    await queue.put(job);
    count++;
  }
  return count;
}

function yieldToIo(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function count(outcome: DeliveryOutcome, counters: Counters, state: { transportDown: string | null }, label: string, app: App): void {
  counters.done++;
  if (outcome.state === 'sent') counters.sent++;
  if (outcome.state === 'failed') counters.failed++;
  if (outcome.state !== 'retry') return;
  counters.retry++;
  if (outcome.failure.kind === 'transport' && !state.transportDown) {
    state.transportDown = `${label}: ${outcome.failure.response} — check delivery.transport (or PAPERBOY_SMTP_URL), that the server runs and accepts this client, and the credentials`;
    app.log.error({ transport: label, response: outcome.failure.response }, 'cannot deliver: the mail server could not be used; stopping this run');
  }
}

function progress(counters: Counters, total: number, options: RunOptions): void {
  options.onProgress?.(counters.done + counters.empty, total);
}
