import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { App } from '../app.js';
import { processLiveness } from '../liveness.js';
import { recoverDeadRunners, registerRunner, removeRunner, renewRunner, type Recovery } from '../store/index.js';

/** How long a runner counts as alive after its last heartbeat. */
export const RUNNER_TTL_MS = 30_000;

/**
 * This process as the store knows it while it builds or sends: an id (host,
 * pid and a random part, so a reused pid is someone else) and a heartbeat
 * row renewed by an unref'd timer. Its claims name it; when it stops
 * renewing (killed, host gone), other processes take its work over.
 */
export class Runner {
  readonly id: string;
  readonly #app: App;
  readonly #ttlMs: number;
  #timer: NodeJS.Timeout | undefined;
  #renewing: Promise<void> | null = null;

  private constructor(app: App, ttlMs: number) {
    this.#app = app;
    this.#ttlMs = ttlMs;
    this.id = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  }

  static async start(app: App, options: { ttlMs?: number } = {}): Promise<Runner> {
    const runner = new Runner(app, options.ttlMs ?? RUNNER_TTL_MS);
    await runner.#register();
    runner.#timer = setInterval(() => runner.#beat(), runner.#ttlMs / 6);
    runner.#timer.unref();
    return runner;
  }

  /**
   * Leaves cleanly: lets go of its claims and its row. A delivery of its own
   * still `sending` (the store failed under a send) is then reported
   * `unknown` like a dead runner's, never left `sending` for ever.
   */
  async stop(): Promise<Recovery> {
    clearInterval(this.#timer);
    await this.#renewing;
    await removeRunner(this.#app.db, this.id);
    return recoverDead(this.#app);
  }

  #register(): Promise<void> {
    return registerRunner(this.#app.db, { id: this.id, host: hostname(), pid: process.pid, now: this.#app.clock.now(), ttlMs: this.#ttlMs });
  }

  /** One heartbeat; skipped while the last one is still on its way. Never throws. */
  #beat(): void {
    if (this.#renewing) return;
    const { db, clock, log } = this.#app;
    this.#renewing = (async () => {
      try {
        if (await renewRunner(db, this.id, clock.now(), this.#ttlMs)) return;
        log.warn({ runner: this.id }, 'this process was taken for dead (its heartbeat lapsed): its deliveries in flight are reported unknown; registering again');
        await this.#register();
      } catch (error) {
        log.error({ runner: this.id, error: (error as Error).message }, 'cannot renew this process\'s heartbeat in the store; trying again');
      } finally {
        this.#renewing = null;
      }
    })();
  }
}

/**
 * Takes over from runners found dead (their pid gone on this host, or, on
 * another host, their heartbeat expired): their `sending` deliveries become `unknown`, each logged,
 * and their build claims are let go. Any live process may call it.
 */
export async function recoverDead(app: App): Promise<Recovery> {
  const recovery = await recoverDeadRunners(app.db, app.clock.now(), (runner) => processLiveness(runner.host, runner.pid));
  for (const runner of recovery.dead) {
    app.log.warn({ runner: runner.id, since: runner.startedAt }, 'found a dead paperboy process; taking over its work');
  }
  for (const edition of recovery.interrupted) {
    app.log.warn({ email: edition.email, edition: `${edition.kind}:${edition.period}` }, 'delivery was interrupted while sending; it may or may not have arrived — resend with "paperboy deliveries retry --unknown"');
  }
  return recovery;
}
