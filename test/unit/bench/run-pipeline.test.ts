// The run's pipeline of ready messages (issue 9): however far building and
// planning run ahead, no more than IN_FLIGHT_PER_CONNECTION × maxConnections
// messages are ever handed to the transport (and so `sending`) at once, every edition goes out once,
// and a store that fails under the senders stops the run instead of hanging it.
import { afterEach, describe, expect, it } from 'vitest';
import { createRendererFor, type App } from '../../../src/app.js';
import type { Accepted, MailTransport } from '../../../src/deliver/index.js';
import { runOnce } from '../../../src/run/index.js';
import { IN_FLIGHT_PER_CONNECTION } from '../../../src/run/run-once.js';
import { countEditionsByState } from '../../../src/store/index.js';
import type { Message } from '../../../src/types.js';
import { makeSubscribers, testApp } from '../../helpers/app.js';

const AT = new Date('2026-11-24T12:00:00Z');
const apps: App[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close().catch(() => {});
});

/** Accepts every message after a short wait, recording how many were in its hands at once. */
class CountingTransport implements MailTransport {
  readonly label = 'counting';
  readonly recipients: string[] = [];
  inFlight = 0;
  maxInFlight = 0;
  maxSending = 0;
  /** Sends begun: the onSend callback gets the number of this one. */
  started = 0;
  constructor(private readonly app: App, private readonly onSend?: (n: number) => Promise<void>) {}

  async send(message: Message): Promise<Accepted> {
    const n = ++this.started;
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    this.maxSending = Math.max(this.maxSending, (await countEditionsByState(this.app.db)).sending ?? 0);
    await this.onSend?.(n);
    await new Promise((resolve) => setTimeout(resolve, 2));
    this.recipients.push(message.to);
    this.inFlight--;
    return { code: 250, response: '250 accepted' };
  }

  async close(): Promise<void> {}
}

async function setup(maxConnections: number, subscribers: number) {
  const { app, config } = await testApp({ subscribers: makeSubscribers(subscribers), maxConnections });
  apps.push(app);
  return { app, renderer: await createRendererFor(config, app.log) };
}

describe('a run feeding its connections from a queue of ready messages', () => {
  it('hands at most two messages a connection to the transport at once (one sent, one waiting), and sends each edition once', async () => {
    expect(IN_FLIGHT_PER_CONNECTION).toBe(2);
    const { app, renderer } = await setup(3, 40);
    const transport = new CountingTransport(app);
    const report = await runOnce(app, { at: AT, renderer, transport, ingest: false });
    expect(report.sent).toBeGreaterThan(20);
    expect(transport.maxInFlight).toBeLessThanOrEqual(6);
    expect(transport.maxSending).toBeLessThanOrEqual(6);
    expect(transport.maxInFlight).toBeGreaterThan(3);
    expect(new Set(transport.recipients).size).toBe(transport.recipients.length);
    expect(transport.recipients).toHaveLength(report.sent);
    expect(await countEditionsByState(app.db)).toMatchObject({ sent: report.sent });
  });

  it('fails the run, not hangs it, when the store fails under the senders', async () => {
    const { app, renderer } = await setup(2, 30);
    const transport = new CountingTransport(app, async (n) => {
      if (n === 3) await app.db.destroy();
    });
    await expect(runOnce(app, { at: AT, renderer, transport, ingest: false })).rejects.toThrow();
  });
});
