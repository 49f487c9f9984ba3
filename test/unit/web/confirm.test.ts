import { afterEach, describe, expect, it } from 'vitest';
import { findSubscriberByEmail } from '../../../src/store/index.js';
import { signToken } from '../../../src/web/index.js';
import { activeSubscriber, confirmPath, formPage, linkIn, mainOf, postForm, SECRET, sentMail, storeSnapshot, subscribe, webFixture, type WebFixture } from './helpers.js';

let fixture: WebFixture;
afterEach(() => fixture?.close());

const DAY = 86_400_000;

async function pendingAda(): Promise<string> {
  await subscribe(fixture.server, { email: 'ada@example.org', topics: 'diffusion' });
  const [mail] = await sentMail(fixture.outbox);
  return confirmPath(mail);
}

describe('GET /confirm', () => {
  it('activates a pending subscriber and shows their preferences link', async () => {
    fixture = await webFixture();
    const link = await pendingAda();
    const response = await fixture.server.inject(link);
    expect(response.statusCode).toBe(200);
    expect(mainOf(response.body)).toContain('You are subscribed');
    expect(linkIn(response.body, '/preferences?token=')).toMatch(/^\/preferences\?token=[\w-]+\.[\w-]+$/);
    expect((await findSubscriberByEmail(fixture.db, 'ada@example.org'))?.status).toBe('active');
  });

  it('says "already subscribed" on a second click and changes nothing', async () => {
    fixture = await webFixture();
    const link = await pendingAda();
    await fixture.server.inject(link);
    const before = await storeSnapshot(fixture.db);
    const again = await fixture.server.inject(link);
    expect(again.statusCode).toBe(200);
    expect(mainOf(again.body)).toContain('You are already subscribed');
    expect(await storeSnapshot(fixture.db)).toEqual(before);
  });

  it('refuses a link older than 7 days with 410, leaving the subscriber pending', async () => {
    fixture = await webFixture();
    const link = await pendingAda();
    fixture.clock.advance(7 * DAY + 1000);
    const response = await fixture.server.inject(link);
    expect(response.statusCode).toBe(410);
    expect(mainOf(response.body)).toContain('This link has expired');
    expect((await findSubscriberByEmail(fixture.db, 'ada@example.org'))?.status).toBe('pending');
  });

  it('still takes the link a moment before it expires', async () => {
    fixture = await webFixture();
    const link = await pendingAda();
    fixture.clock.advance(7 * DAY - 2000);
    expect((await fixture.server.inject(link)).statusCode).toBe(200);
  });

  it('refuses a tampered token, and a token made for another purpose, with 400 and no subscriber data', async () => {
    fixture = await webFixture();
    const link = await pendingAda();
    const token = new URL(link, 'http://x').searchParams.get('token')!;
    const [payload, mac] = token.split('.');
    const otherId = Buffer.from(Buffer.from(payload, 'base64url').toString('utf8').replace('\n1\n', '\n2\n')).toString('base64url');
    const preferences = signToken(SECRET, { purpose: 'preferences', subscriberId: 1, expiresAt: null });
    for (const bad of [`${otherId}.${mac}`, `${payload}.${mac.slice(0, -2)}AA`, preferences, 'garbage', '']) {
      const response = await fixture.server.inject(`/confirm?token=${encodeURIComponent(bad)}`);
      expect(response.statusCode).toBe(400);
      expect(mainOf(response.body)).toContain('This link does not work');
      expect(response.body).not.toContain('ada@example.org');
    }
    expect((await findSubscriberByEmail(fixture.db, 'ada@example.org'))?.status).toBe('pending');
  });

  it('answers 400 when the token is missing altogether', async () => {
    fixture = await webFixture();
    expect((await fixture.server.inject('/confirm')).statusCode).toBe(400);
  });

  it('only takes the newest link when the form was sent twice: the older one changes nothing', async () => {
    fixture = await webFixture();
    const first = await pendingAda();
    fixture.clock.advance(3_000);
    await subscribe(fixture.server, { email: 'ada@example.org', topics: 'graph' }, '10.2.2.2');
    const mails = await sentMail(fixture.outbox);
    const before = await storeSnapshot(fixture.db);
    const old = await fixture.server.inject(first);
    expect(old.statusCode).toBe(410);
    expect(mainOf(old.body)).toContain('replaced by a newer one');
    expect(await storeSnapshot(fixture.db)).toEqual(before);
    await fixture.server.inject(confirmPath(mails[1]));
    expect(await findSubscriberByEmail(fixture.db, 'ada@example.org')).toMatchObject({ status: 'active', topics: [{ query: 'graph' }] });
  });

  it('gives two requests in the same second different links', async () => {
    fixture = await webFixture();
    await activeSubscriber(fixture, 'ada@example.org', 'diffusion');
    await subscribe(fixture.server, { email: 'ada@example.org', topics: 'graph' }, '10.3.3.1');
    await subscribe(fixture.server, { email: 'ada@example.org', topics: 'speculative' }, '10.3.3.2');
    const mails = await sentMail(fixture.outbox);
    expect(mails).toHaveLength(3);
    expect(new Set(mails.map(confirmPath)).size).toBe(3);
    // Neither the sign-up link nor the first request's applies the newest request.
    expect((await fixture.server.inject(confirmPath(mails[0]))).statusCode).toBe(410);
    expect((await fixture.server.inject(confirmPath(mails[1]))).statusCode).toBe(410);
    expect((await findSubscriberByEmail(fixture.db, 'ada@example.org'))?.topics).toEqual([{ name: 'diffusion', query: 'diffusion' }]);
    await fixture.server.inject(confirmPath(mails[2]));
    expect((await findSubscriberByEmail(fixture.db, 'ada@example.org'))?.topics).toEqual([{ name: 'speculative', query: 'speculative' }]);
  });

  it('does not bring back someone who unsubscribed after the link was sent, but the goodbye page’s link does', async () => {
    fixture = await webFixture();
    const link = await pendingAda();
    await fixture.server.inject(link);
    fixture.clock.advance(60_000);
    const preferences = linkIn((await fixture.server.inject(link)).body, '/preferences?token=');
    const unsubscribe = linkIn((await fixture.server.inject(preferences)).body, '/unsubscribe?token=');
    const { csrf, cookie } = await formPage(fixture.server, unsubscribe);
    const goodbye = await postForm(fixture.server, unsubscribe, { _csrf: csrf }, cookie);
    expect((await findSubscriberByEmail(fixture.db, 'ada@example.org'))?.status).toBe('unsubscribed');

    const stale = await fixture.server.inject(link);
    expect(stale.statusCode).toBe(410);
    expect(mainOf(stale.body)).toContain('out of date');
    expect((await findSubscriberByEmail(fixture.db, 'ada@example.org'))?.status).toBe('unsubscribed');

    // Someone asks for other topics meanwhile: the re-subscribe link brings Ada back as she was, never with their request.
    await subscribe(fixture.server, { email: 'ada@example.org', topics: 'graph' }, '10.4.4.4');
    const again = await fixture.server.inject(linkIn(goodbye.body, '/confirm?token='));
    expect(again.statusCode).toBe(200);
    expect(await findSubscriberByEmail(fixture.db, 'ada@example.org')).toMatchObject({ status: 'active', topics: [{ query: 'diffusion' }] });
  });

  it('answers 404 for a genuine link whose subscriber was deleted', async () => {
    fixture = await webFixture();
    const link = await pendingAda();
    await fixture.db.deleteFrom('subscribers').execute();
    const response = await fixture.server.inject(link);
    expect(response.statusCode).toBe(404);
    expect(mainOf(response.body)).toContain('No such subscription');
  });
});
