import type { Logger } from 'pino';
import { performance } from 'node:perf_hooks';
import type { Clock } from '../app.js';
import { countPermanentFailure, GroupCommit, recordFailure, suppressSubscriber, type Db } from '../store/index.js';
import type { Digest, Message } from '../types.js';
import { classifySendError, type SendFailure } from './smtp-error.js';
import type { Accepted, MailTransport } from './transport.js';

export interface DeliveryJob {
  editionId: number;
  subscriberId: number;
  email: string;
  /** What to send: rendered at each attempt, as it goes to the transport (see Outbox.#renderFor). */
  digest: Digest;
  /** Already moved to `sending` for this runner (claimWaiting): the first attempt claims nothing. */
  claimed?: boolean;
}

export type DeliveryOutcome =
  /** renderMs: the time rendering it took. */
  | { state: 'sent'; renderMs: number }
  | { state: 'retry' | 'failed'; failure: SendFailure; attempts: number }
  /** Someone else owns the delivery, or it is no longer sendable. */
  | { state: 'skipped' };

export interface RetryPolicy {
  /** Tries within one run before the delivery waits in `retry` for the next run. */
  attempts: number;
  baseMs: number;
  maxMs: number;
}

export interface OutboxOptions {
  db: Db;
  /** The runner (process) that sends: its claims name it, so that only its death makes them `unknown`. */
  runnerId: string;
  transport: MailTransport;
  /** Renders a digest into the message to send, at each attempt. */
  render: (digest: Digest) => Message;
  clock: Clock;
  log: Logger;
  retry?: Partial<RetryPolicy>;
  /** Consecutive permanent failures after which a subscriber is marked bounced. */
  bounceAfter?: number;
  /** Waits between tries; tests pass a fast one. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseMs: 1000, maxMs: 30_000 };
/** How long a delivery whose digest could not be rendered waits before it is tried again. */
const RENDER_RETRY_MS = 60_000;

/**
 * Sends one edition through the state machine
 * planned|retry → sending → sent | retry | failed. The row says `sending`
 * before the transport has the message and `sent` only once the server
 * accepted it, so a crash in between leaves a trace (see recoverDeadRunners).
 */
export class Outbox {
  readonly #db: Db;
  readonly #steps: GroupCommit;
  readonly #runnerId: string;
  readonly #transport: MailTransport;
  readonly #render: (digest: Digest) => Message;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #retry: RetryPolicy;
  readonly #bounceAfter: number;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #random: () => number;

  constructor(options: OutboxOptions) {
    this.#db = options.db;
    this.#steps = new GroupCommit(options.db, () => options.clock.now());
    this.#runnerId = options.runnerId;
    this.#transport = options.transport;
    this.#render = options.render;
    this.#clock = options.clock;
    this.#log = options.log;
    this.#retry = { ...DEFAULT_RETRY, ...options.retry };
    this.#bounceAfter = options.bounceAfter ?? 3;
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.#random = options.random ?? Math.random;
  }

  get transportLabel(): string {
    return this.#transport.label;
  }

  /** Sends one edition; its outcome is in the store when this resolves. */
  async deliver(job: DeliveryJob): Promise<DeliveryOutcome> {
    const { outcome, recorded } = await this.#attempt(job);
    await recorded;
    return outcome;
  }

  /**
   * A sender that delivers one edition after another, as a run's senders
   * do: each message's acceptance is committed with the next one's claim
   * (the steps commit in order, see GroupCommit), so a sender waits for one
   * commit a message instead of two. The next message is still claimed only
   * once the last is recorded `sent`, so no more are `sending` at once than
   * before. An outcome is in the store once the sender's next `deliver`, or
   * `finish`, resolves; a store that failed to record it fails that call.
   */
  sender(): { deliver(job: DeliveryJob): Promise<DeliveryOutcome>; finish(): Promise<void> } {
    let recording: Promise<void> = Promise.resolve();
    return {
      deliver: async (job) => {
        const previous = recording;
        recording = Promise.resolve();
        // Both settled before either's failure is thrown: a message sent
        // meanwhile still has its record awaited, by finish() if need be.
        const [before, attempt] = await Promise.allSettled([previous, this.#attempt(job)]);
        if (attempt.status === 'fulfilled') recording = attempt.value.recorded;
        if (before.status === 'rejected') throw before.reason;
        if (attempt.status === 'rejected') throw attempt.reason;
        return attempt.value.outcome;
      },
      finish: () => recording,
    };
  }

  async #attempt(job: DeliveryJob): Promise<{ outcome: DeliveryOutcome; recorded: Promise<void> }> {
    const done = (outcome: DeliveryOutcome) => ({ outcome, recorded: Promise.resolve() });
    for (let attempt = 1; ; attempt++) {
      const claimed = attempt === 1 && job.claimed === true;
      if (!claimed && !(await this.#steps.record({ step: 'claim', id: job.editionId, claimedBy: this.#runnerId }))) return done({ state: 'skipped' });
      const { sending, renderMs } = await this.#renderAndSend(job);
      let failure: SendFailure;
      try {
        const reply = await sending;
        const recorded = this.#steps.record({ step: 'accepted', id: job.editionId, subscriberId: job.subscriberId, code: reply.code, response: reply.response }).then(() => {});
        // Awaited by whoever asked, perhaps a message later: not an unhandled rejection meanwhile.
        recorded.catch(() => {});
        return { outcome: { state: 'sent', renderMs }, recorded };
      } catch (error) {
        failure = classifySendError(error);
      }
      if (failure.kind === 'permanent') {
        await recordFailure(this.#db, job.editionId, { state: 'failed', ...failure, nextAttemptAt: null }, this.#clock.now());
        await this.#maybeBounce(job, failure);
        return done({ state: 'failed', failure, attempts: attempt });
      }
      const last = failure.kind === 'transport' || attempt >= this.#retry.attempts;
      const wait = this.#backoff(attempt);
      const nextAttemptAt = new Date(this.#clock.now().getTime() + (last ? Math.max(wait, 60_000) : wait));
      await recordFailure(this.#db, job.editionId, { state: 'retry', ...failure, nextAttemptAt }, this.#clock.now());
      if (last) return done({ state: 'retry', failure, attempts: attempt });
      this.#log.debug({ email: job.email, code: failure.code, response: failure.response, attempt }, 'temporary failure, trying again');
      await this.#sleep(wait);
    }
  }

  /**
   * Rendered as it goes to the transport, not when its edition was built: a
   * rendered message that waits for a sender outlives V8's young generation
   * and is copied into the old one, where a waiting digest is a few
   * references. A digest that cannot be rendered (a template that fails on
   * it) reached no server and cannot be sent until the template is fixed:
   * the delivery waits in `retry`, a minute at least, as after a server that
   * could not be used (a worker does not spin on it), and the error goes to
   * the caller.
   */
  async #renderAndSend(job: DeliveryJob): Promise<{ sending: Promise<Accepted>; renderMs: number }> {
    const started = performance.now();
    let message: Message;
    try {
      message = this.#render(job.digest);
    } catch (error) {
      const response = `cannot render this digest: ${error instanceof Error ? error.message : String(error)}`;
      const nextAttemptAt = new Date(this.#clock.now().getTime() + RENDER_RETRY_MS);
      await recordFailure(this.#db, job.editionId, { state: 'retry', code: null, response, command: null, nextAttemptAt }, this.#clock.now());
      throw error;
    }
    const renderMs = performance.now() - started;
    // Only the promise is kept while the server answers: the message, some
    // 100 KB, is the transport's from here, and dies young.
    try {
      return { sending: this.#transport.send(message, this.#clock.now()), renderMs };
    } catch (error) {
      return { sending: Promise.reject(error), renderMs };
    }
  }

  /** Exponential backoff with jitter (half fixed, half random), so retries of many messages do not arrive together. */
  #backoff(attempt: number): number {
    const ceiling = Math.min(this.#retry.maxMs, this.#retry.baseMs * 2 ** (attempt - 1));
    return Math.round(ceiling / 2 + (this.#random() * ceiling) / 2);
  }

  async #maybeBounce(job: DeliveryJob, failure: SendFailure): Promise<void> {
    const failures = await countPermanentFailure(this.#db, job.subscriberId, 'failed');
    if (failures < this.#bounceAfter) return;
    const detail = `${failures} permanent failures in a row, the last: ${failure.response}`;
    await suppressSubscriber(this.#db, job.subscriberId, { status: 'bounced', reason: 'bounces', detail }, this.#clock.now());
    this.#log.warn({ email: job.email, code: failure.code, response: failure.response, failures }, 'subscriber marked bounced after repeated permanent failures');
  }
}
