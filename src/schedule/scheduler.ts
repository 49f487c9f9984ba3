import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import cron, { type ScheduledTask } from 'node-cron';
import type { App } from '../app.js';
import { isPaperboyError, PaperboyError } from '../errors.js';
import { processGone } from '../liveness.js';
import type { RunReport } from '../run/index.js';
import { acquireLease, releaseLease, renewLease } from '../store/index.js';

export const LEASE_NAME = 'scheduler';
const LEASE_TTL_MS = 60_000;

/** What a tick runs: one pass at `at`, with or without ingesting first, stopping when `signal` aborts. */
export type Pass = (options: { at: Date; ingest: boolean; signal: AbortSignal }) => Promise<RunReport>;

export interface SchedulerOptions {
  app: App;
  pass: Pass;
  /** Cron for the due check; every minute unless a test passes a faster one. */
  dueCron?: string;
  /** How long shutdown waits for messages in flight. */
  drainMs?: number;
  onRun?: (report: RunReport) => void;
  /** One pass over the bounce mailbox, on the ingest poll; none when no mailbox is configured. */
  bouncePass?: () => Promise<unknown>;
}

/** Who we are in the lease row: readable by the operator who finds it held. */
export function leaseHolderName(): string {
  return `pid ${process.pid} on ${hostname()}`;
}

/**
 * A holder on this machine whose process is gone (killed, crashed) cannot
 * renew its lease: there is no need to wait for it to expire.
 */
export function holderIsDead(holder: string): boolean {
  const match = /^pid (\d+) on (\S+)/.exec(holder);
  return match !== null && processGone(match[2], Number(match[1]));
}

/**
 * The daemon's clockwork. node-cron only triggers; every tick is one
 * pass (`runOnce`, given by the caller), and ticks never overlap (a tick that finds one running is
 * skipped) and never throw (failures are logged with what to do).
 */
export class Scheduler {
  readonly #options: SchedulerOptions;
  readonly #holder = leaseHolderName();
  readonly #abort = new AbortController();
  #tasks: ScheduledTask[] = [];
  #renewTimer: NodeJS.Timeout | undefined;
  #running: Promise<void> | null = null;
  #bouncing: Promise<void> | null = null;

  constructor(options: SchedulerOptions) {
    this.#options = options;
  }

  /** Takes the lease (or says who holds it), then schedules the ticks and runs one at once. */
  async start(): Promise<void> {
    const { app } = this.#options;
    const lease = await acquireLease(app.db, { name: LEASE_NAME, holder: this.#holder, ttlMs: LEASE_TTL_MS, now: app.clock.now(), isDead: holderIsDead });
    if (!lease.acquired) {
      throw new PaperboyError(
        'PB_LEASE_HELD',
        `another scheduler runs on this store: ${lease.by.holder}, since ${lease.by.acquiredAt} (lease until ${lease.by.expiresAt}) — stop it first; a lease whose holder died expires by itself`,
      );
    }
    // The watched folder may not exist yet on a new install: make it, so that dropping a dump in just works.
    mkdirSync(app.config.dumps.dir, { recursive: true });
    this.#renewTimer = setInterval(() => void this.#renew(), LEASE_TTL_MS / 3);
    this.#renewTimer.unref();
    this.#tasks = [
      cron.schedule(app.config.dumps.poll, () => this.tick('ingest'), { name: 'ingest-poll' }),
      cron.schedule(this.#options.dueCron ?? '* * * * *', () => this.tick('due'), { name: 'due-check' }),
    ];
    await this.tick('start');
  }

  /** One pass; skipped while another runs. Never throws. */
  tick(reason: 'start' | 'ingest' | 'due'): Promise<void> {
    if (reason !== 'due') void this.readBounces();
    if (this.#running || this.#abort.signal.aborted) return this.#running ?? Promise.resolve();
    const { app, pass } = this.#options;
    this.#running = (async () => {
      try {
        const report = await pass({ at: app.clock.now(), ingest: reason !== 'due', signal: this.#abort.signal });
        this.#log(reason, report);
        this.#options.onRun?.(report);
      } catch (error) {
        // Our own errors say what to do; anything else needs its stack to be fixed.
        const detail = isPaperboyError(error) ? { error: error.message } : { err: error };
        app.log.error({ ...detail, tick: reason }, 'scheduled run failed; the next tick tries again');
      } finally {
        this.#running = null;
      }
    })();
    return this.#running;
  }

  /**
   * One pass over the bounce mailbox, beside the runs (it only writes
   * deliveries already sent and subscribers' status); skipped while the last
   * one still runs. Never throws.
   */
  readBounces(): Promise<void> {
    const pass = this.#options.bouncePass;
    if (!pass || this.#bouncing || this.#abort.signal.aborted) return this.#bouncing ?? Promise.resolve();
    const { app } = this.#options;
    this.#bouncing = (async () => {
      try {
        await pass();
      } catch (error) {
        const detail = isPaperboyError(error) ? { error: error.message } : { err: error };
        app.log.error(detail, 'reading the bounce mailbox failed; the next poll tries again');
      } finally {
        this.#bouncing = null;
      }
    })();
    return this.#bouncing;
  }

  /** Stops taking work, lets messages in flight finish (bounded), releases the lease. */
  async stop(): Promise<void> {
    this.#abort.abort();
    for (const task of this.#tasks) await task.destroy();
    clearInterval(this.#renewTimer);
    if (this.#running || this.#bouncing) {
      const drain = this.#options.drainMs ?? 10_000;
      await Promise.race([Promise.all([this.#running, this.#bouncing]), new Promise((resolve) => setTimeout(resolve, drain).unref())]);
    }
    await releaseLease(this.#options.app.db, LEASE_NAME, this.#holder);
  }

  async #renew(): Promise<void> {
    const { app } = this.#options;
    try {
      const held = await renewLease(app.db, { name: LEASE_NAME, holder: this.#holder, ttlMs: LEASE_TTL_MS, now: app.clock.now() });
      if (!held) app.log.error('lost the scheduler lease (another process took it over); stopping the ticks');
      if (!held) this.#abort.abort();
    } catch (error) {
      app.log.error({ err: error }, 'could not renew the scheduler lease; will try again');
    }
  }

  #log(reason: string, report: RunReport): void {
    const { app } = this.#options;
    const { ingest, due, alerts, sent, empty, retry, failed, unknown } = report;
    if (ingest.new > 0 || ingest.errors.length > 0) app.log.info({ dumps: ingest.dumps, papers: ingest.papers, new: ingest.new }, 'ingested new dumps');
    for (const error of ingest.errors) app.log.error({ error }, 'a dump could not be read and was left in place; fix or remove it');
    if (due + alerts + report.resent > 0) app.log.info({ tick: reason, due, alerts, sent, empty, retry, failed }, 'delivered due editions');
    if (unknown > 0) app.log.warn({ unknown }, 'deliveries interrupted by a crash: "paperboy deliveries retry --unknown" resends them');
    if (report.transportError) app.log.error({ error: report.transportError }, 'cannot reach the mail server');
  }
}

/**
 * Runs one-off work (`paperboy run`, `deliveries retry`) under the scheduler
 * lease, so it never races a running daemon over the same editions.
 */
export async function withSchedulerLease<T>(app: App, work: () => Promise<T>): Promise<T> {
  const holder = `${leaseHolderName()} (paperboy command)`;
  const lease = await acquireLease(app.db, { name: LEASE_NAME, holder, ttlMs: LEASE_TTL_MS, now: app.clock.now(), isDead: holderIsDead });
  if (!lease.acquired) {
    throw new PaperboyError('PB_LEASE_HELD', `a scheduler runs on this store (${lease.by.holder}, since ${lease.by.acquiredAt}) and delivers by itself — stop it first, or let it do the work`);
  }
  const timer = setInterval(() => void renewLease(app.db, { name: LEASE_NAME, holder, ttlMs: LEASE_TTL_MS, now: app.clock.now() }).catch(() => {}), LEASE_TTL_MS / 3);
  timer.unref();
  try {
    return await work();
  } finally {
    clearInterval(timer);
    await releaseLease(app.db, LEASE_NAME, holder);
  }
}
