import { afterEach, describe, expect, it } from 'vitest';
import { findSubscriberByEmail } from '../../../src/store/index.js';
import { signToken } from '../../../src/web/index.js';
import { activeSubscriber, confirmAt, confirmPath, formPage, linkIn, mainOf, postForm, SECRET, sentMail, storeSnapshot, subscribe, webFixture, type WebFixture } from './helpers.js';

let fixture: WebFixture;
afterEach(() => fixture?.close());

const DAY = 86_400_000;

async function pendingAda(): Promise<string> {
  await subscribe(fixture.server, { email: 'ada@example.org', topics: 'diffusion' });
  const [mail] = await sentMail(fixture.outbox);
  return confirmPath(mail);
}

describe('a mail scanner opening a stranger’s confirmation link', () => {
  it('changes nothing with HEAD or GET; only the page’s POST applies the request', async () => {
    fixture = await webFixture();
    await activeSubscriber(fixture, 'ada@example.org', 'diffusion');
    fixture.clock.advance(5_000);
    // A stranger types Ada's address with other topics and a weekly frequency.
    await subscribe(fixture.server, { email: 'ada@example.org', topics: 'Crypto: blockchain', frequency: 'weekly' }, '10.6.6.6');
    const mails = await sentMail(fixture.outbox);
    const link = confirmPath(mails[1]);
    const before = await storeSnapshot(fixture.db);

    const head = await fixture.server.inject({ method: 'HEAD', url: link });
    const get = await fixture.server.inject({ method: 'GET', url: link });
    expect(head.statusCode).toBe(200);
    expect(get.statusCode).toBe(200);
    expect(mainOf(get.body)).toContain('Confirm your subscription');
    expect(mainOf(get.body)).toMatch(/<form method="post"[^>]*data-autosubmit/);
    expect(await storeSnapshot(fixture.db)).toEqual(before);
    expect(await findSubscriberByEmail(fixture.db, 'ada@example.org')).toMatchObject({ frequency: 'daily', topics: [{ query: 'diffusion' }] });

    // A POST without the page's CSRF token (a scanner replaying the form blind) is refused too.
    expect((await postForm(fixture.server, link, {})).statusCode).toBe(403);
    expect(await storeSnapshot(fixture.db)).toEqual(before);
  });

  it('tells a subscribed address what the request would change, and that ignoring it keeps things as they are', async () => {
    fixture = await webFixture();
    await activeSubscriber(fixture, 'ada@example.org', 'Diffusion: "diffusion model"');
    fixture.clock.advance(5_000);
    await subscribe(fixture.server, { email: 'ada@example.org', topics: 'Crypto: blockchain', frequency: 'weekly' }, '10.6.6.7');
    const [first, second] = await sentMail(fixture.outbox);
    expect(first.text).toContain('nothing more will be sent');
    expect(second.text).not.toContain('nothing more will be sent');
    expect(second.text).toMatch(/asked to change what we send to\s+ada@example\.org/);
    expect(second.text).toMatch(/Now: a daily digest, on these topics:\s+\* Diffusion — "diffusion model"/);
    expect(second.text).toMatch(/After you confirm: a weekly summary, on these topics:\s+\* Crypto — blockchain/);
    expect(second.text).toContain('your subscription stays as it is');
  });
});

describe('GET /confirm', () => {
  it('activates a pending subscriber and shows their preferences link', async () => {
    fixture = await webFixture();
    const link = await pendingAda();
    const response = await confirmAt(fixture.server, link);
    expect(response.statusCode).toBe(200);
    expect(mainOf(response.body)).toContain('You are subscribed');
    expect(linkIn(response.body, '/preferences?token=')).toMatch(/^\/preferences\?token=[\w-]+\.[\w-]+$/);
    expect((await findSubscriberByEmail(fixture.db, 'ada@example.org'))?.status).toBe('active');
  });

  it('says "already subscribed" on a second click and changes nothing', async () => {
    fixture = await webFixture();
    const link = await pendingAda();
    await confirmAt(fixture.server, link);
    const before = await storeSnapshot(fixture.db);
    const again = await confirmAt(fixture.server, link);
    expect(again.statusCode).toBe(200);
    expect(mainOf(again.body)).toContain('You are already subscribed');
    expect(await storeSnapshot(fixture.db)).toEqual(before);
  });

  it('refuses a link older than 7 days with 410, leaving the subscriber pending', async () => {
    fixture = await webFixture();
    const link = await pendingAda();
    fixture.clock.advance(7 * DAY + 1000);
    const response = await confirmAt(fixture.server, link);
    expect(response.statusCode).toBe(410);
    expect(mainOf(response.body)).toContain('This link has expired');
    expect((await findSubscriberByEmail(fixture.db, 'ada@example.org'))?.status).toBe('pending');
  });

  it('still takes the link a moment before it expires', async () => {
    fixture = await webFixture();
    const link = await pendingAda();
    fixture.clock.advance(7 * DAY - 2000);
    expect((await confirmAt(fixture.server, link)).statusCode).toBe(200);
  });

  it('refuses a tampered token, and a token made for another purpose, with 400 and no subscriber data', async () => {
    fixture = await webFixture();
    const link = await pendingAda();
    const token = new URL(link, 'http://x').searchParams.get('token')!;
    const [payload, mac] = token.split('.');
    const fields = Buffer.from(payload, 'base64url').toString('utf8').split('\n');
    const otherId = Buffer.from([fields[0], '2', ...fields.slice(2)].join('\n')).toString('base64url');
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
    const old = await confirmAt(fixture.server, first);
    expect(old.statusCode).toBe(410);
    expect(mainOf(old.body)).toContain('replaced by a newer one');
    expect(await storeSnapshot(fixture.db)).toEqual(before);
    await confirmAt(fixture.server, confirmPath(mails[1]));
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
    expect((await confirmAt(fixture.server, confirmPath(mails[0]))).statusCode).toBe(410);
    expect((await confirmAt(fixture.server, confirmPath(mails[1]))).statusCode).toBe(410);
    expect((await findSubscriberByEmail(fixture.db, 'ada@example.org'))?.topics).toEqual([{ name: 'diffusion', query: 'diffusion' }]);
    await confirmAt(fixture.server, confirmPath(mails[2]));
    expect((await findSubscriberByEmail(fixture.db, 'ada@example.org'))?.topics).toEqual([{ name: 'speculative', query: 'speculative' }]);
  });

  it('does not bring back someone who unsubscribed after the link was sent, but the goodbye page’s link does', async () => {
    fixture = await webFixture();
    const link = await pendingAda();
    await confirmAt(fixture.server, link);
    fixture.clock.advance(60_000);
    const preferences = linkIn((await confirmAt(fixture.server, link)).body, '/preferences?token=');
    const unsubscribe = linkIn((await fixture.server.inject(preferences)).body, '/unsubscribe?token=');
    const { csrf, cookie } = await formPage(fixture.server, unsubscribe);
    const goodbye = await postForm(fixture.server, unsubscribe, { _csrf: csrf }, cookie);
    expect((await findSubscriberByEmail(fixture.db, 'ada@example.org'))?.status).toBe('unsubscribed');

    const stale = await confirmAt(fixture.server, link);
    expect(stale.statusCode).toBe(410);
    expect(mainOf(stale.body)).toContain('out of date');
    expect((await findSubscriberByEmail(fixture.db, 'ada@example.org'))?.status).toBe('unsubscribed');

    // Someone asks for other topics meanwhile: the re-subscribe link brings Ada back as she was, never with their request.
    await subscribe(fixture.server, { email: 'ada@example.org', topics: 'graph' }, '10.4.4.4');
    const again = await confirmAt(fixture.server, linkIn(goodbye.body, '/confirm?token='));
    expect(again.statusCode).toBe(200);
    expect(await findSubscriberByEmail(fixture.db, 'ada@example.org')).toMatchObject({ status: 'active', topics: [{ query: 'diffusion' }] });
  });

  it('answers 404 for a genuine link whose subscriber was deleted', async () => {
    fixture = await webFixture();
    const link = await pendingAda();
    await fixture.db.deleteFrom('subscribers').execute();
    const response = await confirmAt(fixture.server, link);
    expect(response.statusCode).toBe(404);
    expect(mainOf(response.body)).toContain('No such subscription');
  });
});
