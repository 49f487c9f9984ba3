import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRendererFor, type App } from '../../../src/app.js';
import { handleBounceMail } from '../../../src/deliver/bounce-handler.js';
import { readBounceMail } from '../../../src/deliver/bounce-mail.js';
import { createTransport } from '../../../src/deliver/index.js';
import { verpAddress } from '../../../src/verp.js';
import { runOnce } from '../../../src/run/index.js';
import { findSubscriberByEmail, listEditions, listSuppressions, setSubscriberStatus } from '../../../src/store/index.js';
import { makeSubscribers, testApp, TEST_SECRET } from '../../helpers/app.js';
import { gmailBounce } from '../../helpers/bounce-mails.js';

describe('later bounces count toward bounced as SMTP 5xx answers do', () => {
  let app: App;
  beforeAll(async () => {
    ({ app } = await testApp({ subscribers: makeSubscribers(1) }));
    const renderer = await createRendererFor(app.config, app.log);
    const transport = createTransport(app.config);
    for (const day of ['2026-11-24', '2026-11-25', '2026-11-26']) await runOnce(app, { at: new Date(`${day}T12:00:00Z`), renderer, transport });
    await transport.close();
  }, 60_000);
  afterAll(() => app?.close());

  const dsnFor = async (messageId: string, n: number) => {
    const mail = gmailBounce({ verp: verpAddress(TEST_SECRET, 'bounces', 'example.org', messageId), to: 'reader0@example.org', messageId, headers: `Message-ID: ${messageId}`, unsubscribeToken: 'x.y' });
    return readBounceMail(Buffer.from(mail.replace(/Message-ID: <6571[^>]+>/, `Message-ID: <dsn-${n}@mx.google.com>`)), { secret: TEST_SECRET, localPart: 'bounces' });
  };

  it('marks the reader bounced at the third failed delivery in a row, saying why', async () => {
    const editions = (await listEditions(app.db, { state: 'sent' })).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    expect(editions).toHaveLength(3);
    const now = new Date('2026-11-27T09:00:00Z');
    const outcomes = [];
    for (const [n, edition] of editions.entries()) {
      outcomes.push(await handleBounceMail(app.db, await dsnFor(edition.messageId!, n), { secret: TEST_SECRET, now }));
      const status = (await findSubscriberByEmail(app.db, 'reader0@example.org'))!.status;
      expect(status).toBe(n < 2 ? 'active' : 'bounced');
    }
    expect(outcomes.map((outcome) => outcome.kind === 'bounce' && outcome.bounced)).toEqual([false, false, true]);
    const [suppression] = await listSuppressions(app.db, 'bounced');
    expect(suppression).toMatchObject({ email: 'reader0@example.org', reason: 'bounces', at: now.toISOString() });
    expect(suppression.detail).toMatch(/^3 deliveries in a row failed, the last: 5\.1\.1 550-5\.1\.1 The email account that you tried to reach does not exist/);

    // The same DSN again changes nothing; a reader who subscribes again starts afresh.
    expect(await handleBounceMail(app.db, await dsnFor(editions[0].messageId!, 0), { secret: TEST_SECRET, now })).toEqual({ kind: 'seen-before' });
    await setSubscriberStatus(app.db, suppression.subscriberId, 'active', now);
    expect(await listSuppressions(app.db)).toEqual([]);
  });
});
