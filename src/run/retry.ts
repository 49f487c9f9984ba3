import type { App } from '../app.js';
import { Outbox, type MailTransport, type RetryPolicy } from '../deliver/index.js';
import type { Renderer } from '../render/index.js';
import { requeueEditions, type DeliveryState } from '../store/index.js';
import { storedJob } from './stored-job.js';
import { WorkPool } from './pool.js';
import { Runner } from './runner.js';

export interface RetryReport {
  requeued: number;
  sent: number;
  retry: number;
  failed: number;
}

/**
 * The explicit resend: `unknown` deliveries (which may have arrived) only
 * when asked for by name, otherwise `retry` and `failed` ones; in both cases
 * for subscribers who are still active.
 */
export async function retryDeliveries(
  app: App,
  options: { unknown: boolean; renderer: Renderer; transport: MailTransport; retry?: Partial<RetryPolicy>; sleep?: (ms: number) => Promise<void> },
): Promise<RetryReport> {
  const states: DeliveryState[] = options.unknown ? ['unknown'] : ['retry', 'failed'];
  const ids = await requeueEditions(app.db, states, app.clock.now());
  const runner = await Runner.start(app);
  const outbox = new Outbox({ db: app.db, runnerId: runner.id, transport: options.transport, render: (digest) => options.renderer.render(digest), clock: app.clock, log: app.log, retry: options.retry, sleep: options.sleep });
  const pool = new WorkPool(app.config.delivery.maxConnections);
  const report: RetryReport = { requeued: ids.length, sent: 0, retry: 0, failed: 0 };
  try {
    for (const id of ids) {
      const job = await storedJob(app, id);
      if (!job) continue;
      await pool.add(async () => {
        const outcome = await outbox.deliver(job);
        if (outcome.state === 'sent' || outcome.state === 'retry' || outcome.state === 'failed') report[outcome.state]++;
      });
    }
    await pool.drain();
  } finally {
    await runner.stop();
  }
  return report;
}
