import type { App } from '../app.js';
import { isPaperboyError } from '../errors.js';
import { Outbox, type MailTransport, type RetryPolicy } from '../deliver/index.js';
import type { Renderer } from '../render/index.js';
import { claimWaiting, recordFailure } from '../store/index.js';
import { storedJob } from './stored-job.js';
import { IN_FLIGHT_PER_CONNECTION } from './run-once.js';
import { recoverDead, Runner, RUNNER_TTL_MS } from './runner.js';

export interface WorkerOptions {
  renderer: Renderer;
  transport: MailTransport;
  /** Aborting stops claiming; messages already claimed still finish. */
  signal: AbortSignal;
  /** How long to wait when nothing is waiting to be sent. */
  idleMs?: number;
  /** How often to look for dead processes whose work to take over. */
  recoverEveryMs?: number;
  /** First wait after the store or the mail server failed, doubled per failure up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  retry?: Partial<RetryPolicy>;
  sleep?: (ms: number) => Promise<void>;
}

export interface WorkerReport {
  runner: string;
  sent: number;
  retry: number;
  failed: number;
  /** Deliveries of dead processes found interrupted mid-send, now `unknown`. */
  unknown: number;
  /** Times the store failed under the worker (it backed off and went on). */
  storeErrors: number;
}

/**
 * `paperboy worker`: claims deliveries waiting in `planned` or `retry`, a
 * free sender's worth at a time (so a kill -9 leaves at most
 * 2 × maxConnections `unknown`), and sends them until aborted; then lets the
 * claimed ones finish. Never throws for a store or mail server that fails:
 * it logs, backs off and claims again once they answer.
 */
export async function runWorker(app: App, options: WorkerOptions): Promise<WorkerReport> {
  const { log } = app;
  const runner = await Runner.start(app);
  const report: WorkerReport = { runner: runner.id, sent: 0, retry: 0, failed: 0, unknown: 0, storeErrors: 0 };
  const outbox = new Outbox({ db: app.db, runnerId: runner.id, transport: options.transport, render: (digest) => options.renderer.render(digest), clock: app.clock, log, retry: options.retry, sleep: options.sleep });
  const capacity = app.config.delivery.maxConnections * IN_FLIGHT_PER_CONNECTION;
  const idleMs = options.idleMs ?? 2000;
  const recoverEveryMs = options.recoverEveryMs ?? RUNNER_TTL_MS / 2;
  const backoff = (failures: number) => Math.min(options.maxBackoffMs ?? 30_000, (options.backoffMs ?? 1000) * 2 ** (failures - 1));
  const inFlight = new Set<Promise<void>>();
  // transportDown: a send found the mail server unusable; transportPauses: how many pauses since it last accepted one.
  const state = { storeFailures: 0, transportDown: false, transportPauses: 0, busy: { sent: 0, retry: 0, failed: 0 } };
  let lastRecovery = -Infinity;

  const send = async (id: number) => {
    try {
      const job = await storedJob(app, id, { claimed: true });
      if (!job) {
        await recordFailure(app.db, id, { state: 'failed', code: null, response: 'its digest is not in the store: it cannot be sent', command: null, nextAttemptAt: null }, app.clock.now());
        return;
      }
      const outcome = await outbox.deliver(job);
      if (outcome.state === 'skipped') return;
      report[outcome.state]++;
      state.busy[outcome.state]++;
      if (outcome.state === 'sent') state.transportPauses = 0;
      if (outcome.state === 'retry' && outcome.failure.kind === 'transport') state.transportDown = true;
    } catch (error) {
      if (isPaperboyError(error, 'PB_TEMPLATE')) {
        // The digest could not be rendered: the outbox left it waiting in `retry`.
        report.retry++;
        log.error({ edition: id, error: error.message }, 'cannot render this digest; fix the template, then `paperboy deliveries retry`');
        return;
      }
      // The store failed mid-send: the delivery stays `sending` under this
      // worker and is reported `unknown` when it stops, never resent silently.
      report.storeErrors++;
      log.error({ edition: id, error: (error as Error).message }, 'the store failed while sending; this delivery will be reported unknown');
    }
  };

  log.info({ runner: runner.id, senders: capacity }, 'worker started: sending planned editions');
  options.transport.prepare?.();
  try {
    while (!options.signal.aborted) {
      if (state.transportDown) {
        const wait = backoff(++state.transportPauses);
        log.error({ transport: outbox.transportLabel, retryInMs: wait }, 'cannot reach the mail server; not claiming until it is tried again');
        await Promise.all(inFlight);
        await pause(wait, options.signal);
        state.transportDown = false;
        continue;
      }
      let claimed: number[];
      try {
        if (performance.now() - lastRecovery >= recoverEveryMs) {
          report.unknown += (await recoverDead(app)).interrupted.length;
          lastRecovery = performance.now();
        }
        claimed = await claimWaiting(app.db, runner.id, app.clock.now(), capacity - inFlight.size);
        if (state.storeFailures > 0) log.info({ failures: state.storeFailures }, 'the store answers again; claiming');
        state.storeFailures = 0;
      } catch (error) {
        report.storeErrors++;
        const wait = backoff(++state.storeFailures);
        log.error({ error: (error as Error).message, retryInMs: wait }, 'lost the store; not claiming until it answers again');
        await pause(wait, options.signal);
        continue;
      }
      for (const id of claimed) {
        const task: Promise<void> = send(id).finally(() => inFlight.delete(task));
        inFlight.add(task);
      }
      if (inFlight.size >= capacity) await Promise.race(inFlight);
      else if (claimed.length === 0 && inFlight.size > 0) await pause(idleMs, options.signal, Promise.race(inFlight));
      else if (claimed.length === 0) {
        const { busy } = state;
        if (busy.sent + busy.retry + busy.failed > 0) log.info({ ...busy }, 'sent what was waiting; waiting for more');
        state.busy = { sent: 0, retry: 0, failed: 0 };
        await pause(idleMs, options.signal);
      }
    }
    log.info({ inFlight: inFlight.size }, 'stopping: finishing the messages in flight');
    await Promise.all(inFlight);
  } finally {
    report.unknown += (await runner.stop()).interrupted.length;
  }
  return report;
}

/** Waits `ms`, or less if the signal aborts or `until` settles meanwhile. */
function pause(ms: number, signal: AbortSignal, until?: Promise<unknown>): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
    until?.then(done, done);
  });
}
