import { afterEach, describe, expect, it } from 'vitest';
import { findSubscriberByEmail } from '../../../src/store/index.js';
import { parseSimpleMultipart } from '../../../src/web/multipart.js';
import { activeSubscriber, formPage, linkIn, mainOf, postForm, storeSnapshot, webFixture, type WebFixture } from './helpers.js';

let fixture: WebFixture;
afterEach(() => fixture?.close());

async function adaUnsubscribeUrl(): Promise<string> {
  const ada = await activeSubscriber(fixture, 'ada@example.org', 'diffusion');
  const preferences = await fixture.server.inject(linkIn(ada.confirmed, '/preferences?token='));
  return linkIn(preferences.body, '/unsubscribe?token=');
}

const status = async () => (await findSubscriberByEmail(fixture.db, 'ada@example.org'))?.status;

describe('GET /unsubscribe', () => {
  it('shows a button and changes nothing (mail scanners follow links)', async () => {
    fixture = await webFixture();
    const url = await adaUnsubscribeUrl();
    const before = await storeSnapshot(fixture.db);
    const response = await fixture.server.inject(url);
    expect(response.statusCode).toBe(200);
    expect(mainOf(response.body)).toMatch(/<form method="post" action="\/unsubscribe\?token&#x3D;[^"]+" class="form-inline">/);
    expect(mainOf(response.body)).toContain('<button type="submit" class="button button-danger">Unsubscribe</button>');
    expect(await storeSnapshot(fixture.db)).toEqual(before);
  });
});

describe('POST /unsubscribe', () => {
  it('from the page’s button: unsubscribes and says goodbye with a re-subscribe link', async () => {
    fixture = await webFixture();
    const url = await adaUnsubscribeUrl();
    const { csrf, cookie } = await formPage(fixture.server, url);
    const response = await postForm(fixture.server, url, { _csrf: csrf }, cookie);
    expect(response.statusCode).toBe(200);
    expect(mainOf(response.body)).toContain('You are unsubscribed');
    expect(linkIn(response.body, '/confirm?token=')).toBeTruthy();
    expect(await status()).toBe('unsubscribed');
  });

  it('from the page without its CSRF token: refused, nothing changes', async () => {
    fixture = await webFixture();
    const url = await adaUnsubscribeUrl();
    const response = await postForm(fixture.server, url, { confirm: 'yes' });
    expect(response.statusCode).toBe(403);
    expect(await status()).toBe('active');
  });

  it('RFC 8058 one-click, urlencoded: 200 with no other field and no CSRF token', async () => {
    fixture = await webFixture();
    const url = await adaUnsubscribeUrl();
    const response = await fixture.server.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    expect(response.statusCode).toBe(200);
    expect(await status()).toBe('unsubscribed');
    // Mail clients may send it again: still 200.
    expect((await fixture.server.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' })).statusCode).toBe(200);
  });

  it('RFC 8058 one-click, multipart/form-data as in the RFC’s example', async () => {
    fixture = await webFixture();
    const url = await adaUnsubscribeUrl();
    const boundary = '---FormBoundaryjWmhtjORrn';
    const payload = `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`;
    const response = await fixture.server.inject({ method: 'POST', url, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
    expect(response.statusCode).toBe(200);
    expect(await status()).toBe('unsubscribed');
  });

  it('one-click with a tampered token: 400, nobody unsubscribed', async () => {
    fixture = await webFixture();
    const url = await adaUnsubscribeUrl();
    const response = await fixture.server.inject({ method: 'POST', url: `${url}x`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    expect(response.statusCode).toBe(400);
    expect(await status()).toBe('active');
  });

  it('forgets a request still waiting for its link, so that link cannot bring the subscriber back', async () => {
    fixture = await webFixture();
    const url = await adaUnsubscribeUrl();
    const ada = await findSubscriberByEmail(fixture.db, 'ada@example.org');
    await fixture.db.insertInto('subscription_requests').values({ subscriber_id: ada!.id, issued_at: '2026-11-24T10:00:05.000Z', timezone: 'UTC', frequency: 'daily', topics: '[]', created_at: '2026-11-24T10:00:05.000Z' }).execute();
    await fixture.server.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    expect((await storeSnapshot(fixture.db)).requests).toEqual([]);
  });
});

describe('parseSimpleMultipart', () => {
  it('reads text fields, quoted boundaries and LF-only bodies, and skips files', () => {
    const body = '--b\nContent-Disposition: form-data; name="a"\n\none\n--b\r\nContent-Disposition: form-data; name="f"; filename="x.txt"\r\n\r\nFILE\r\n--b--\r\n';
    expect(parseSimpleMultipart('multipart/form-data; boundary="b"', body)).toEqual({ a: 'one' });
    expect(parseSimpleMultipart('multipart/form-data', body)).toEqual({});
  });
});
