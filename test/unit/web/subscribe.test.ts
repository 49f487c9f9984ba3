import { afterEach, describe, expect, it } from 'vitest';
import { findSubscriberByEmail, listSubscribers } from '../../../src/store/index.js';
import {
  activeSubscriber,
  confirmAt,
  confirmPath,
  decodeEntities,
  formPage,
  mainOf,
  postForm,
  sentMail,
  storeSnapshot,
  subscribe,
  webFixture,
  type WebFixture,
} from './helpers.js';

let fixture: WebFixture;
afterEach(() => fixture?.close());

describe('GET /subscribe', () => {
  it('shows the form: email, topics with examples, frequency, time zone, a CSRF field and a submit button', async () => {
    fixture = await webFixture();
    const { response, csrf, cookie } = await formPage(fixture.server, '/subscribe');
    expect(response.statusCode).toBe(200);
    const main = mainOf(response.body);
    expect(main).toMatch(/<input id="email" name="email" type="email"/);
    expect(main).toMatch(/<textarea id="topics" name="topics"/);
    expect(main).toMatch(/<select id="frequency" name="frequency">/);
    expect(main).toContain('<option value="instant">');
    expect(main).toContain('<option value="daily" selected>');
    expect(main).toContain('<option value="weekly">');
    expect(main).toMatch(/<input id="timezone" name="timezone"[^>]*data-timezone/);
    expect(main).toMatch(/<button type="submit"/);
    expect(main).toContain('<code>"large language model"</code>');
    expect(csrf).not.toBe('');
    expect(cookie).toMatch(/^_csrf=/);
  });

  it('sends a strict CSP and the usual security headers, and pages hold no inline script', async () => {
    fixture = await webFixture();
    const response = await fixture.server.inject('/subscribe');
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['cache-control']).toBe('no-store');
    // Every <script> has a src (the external /static/app.js), none has a body.
    expect(response.body.match(/<script\b[^>]*>/g)).toEqual([expect.stringMatching(/src="\/static\/app\.js\?v&#x3D;[0-9a-f]+"/)]);
    expect(response.body).not.toMatch(/<script\b[^>]*>[^<]+<\/script>/);
    expect(response.body).not.toMatch(/\son[a-z]+=/);
  });
});

describe('POST /subscribe', () => {
  it('stores a pending subscriber and sends one confirmation email with a link', async () => {
    fixture = await webFixture();
    const response = await subscribe(fixture.server, { email: 'Ada@Example.org', topics: 'Diffusion: "diffusion model" -audio\n\ntitle:"speculative decoding"', frequency: 'weekly', timezone: 'Europe/Paris' });
    expect(response.statusCode).toBe(200);
    expect(mainOf(response.body)).toContain('Check your inbox');
    const ada = await findSubscriberByEmail(fixture.db, 'ada@example.org');
    expect(ada).toMatchObject({
      status: 'pending',
      frequency: 'weekly',
      timezone: 'Europe/Paris',
      topics: [
        { name: 'Diffusion', query: '"diffusion model" -audio' },
        { name: 'title:"speculative decoding"', query: 'title:"speculative decoding"' },
      ],
    });
    const mails = await sentMail(fixture.outbox);
    expect(mails).toHaveLength(1);
    expect(mails[0].to).toBe('ada@example.org');
    expect(mails[0].text).toContain('"diffusion model" -audio');
    expect(confirmPath(mails[0])).toMatch(/^\/confirm\?token=/);
  });

  it('fills the time zone with UTC when it is left empty', async () => {
    fixture = await webFixture();
    await subscribe(fixture.server, { email: 'ada@example.org', topics: 'diffusion', timezone: '' });
    expect((await findSubscriberByEmail(fixture.db, 'ada@example.org'))?.timezone).toBe('UTC');
  });

  it('shows a bad address next to its field, keeps what was typed, and stores and sends nothing', async () => {
    fixture = await webFixture();
    const response = await subscribe(fixture.server, { email: 'not-an-address', topics: 'diffusion <b>' });
    expect(response.statusCode).toBe(400);
    const main = mainOf(response.body);
    expect(main).toMatch(/<input id="email"[^>]*value="not-an-address" aria-invalid="true" aria-describedby="email-error">/);
    expect(main).toMatch(/<p class="field-error" id="email-error">this does not look like an email address/);
    expect(main).toContain('<a href="#email">Email:');
    // What was typed comes back escaped.
    expect(main).toContain('diffusion &lt;b&gt;</textarea>');
    expect(await listSubscribers(fixture.db)).toEqual([]);
    expect(await sentMail(fixture.outbox)).toEqual([]);
  });

  it('shows a broken topic with its line, column and a caret under the column', async () => {
    fixture = await webFixture();
    const response = await subscribe(fixture.server, { email: 'ada@example.org', topics: 'diffusion\n  "large language model' });
    expect(response.statusCode).toBe(400);
    const main = decodeEntities(mainOf(response.body));
    expect(main).toContain('<textarea id="topics" name="topics"');
    expect(main).toMatch(/<div class="field-error" id="topics-error">\s*<p><strong>Line 2, column 3:<\/strong> unclosed quote/);
    // The caret stands under the quote, as the line was typed (with its indent).
    expect(main).toContain('<pre class="caret" aria-hidden="true">  "large language model\n  ^</pre>');
    expect(await listSubscribers(fixture.db)).toEqual([]);
  });

  it('refuses a form without its CSRF token, changing nothing', async () => {
    fixture = await webFixture();
    const response = await postForm(fixture.server, '/subscribe', { email: 'ada@example.org', topics: 'diffusion', frequency: 'daily', timezone: 'UTC' });
    expect(response.statusCode).toBe(403);
    expect(mainOf(response.body)).toContain('This form has expired');
    expect(await listSubscribers(fixture.db)).toEqual([]);
    expect(await sentMail(fixture.outbox)).toEqual([]);
  });

  it('answers a burst from one address with 429 and a readable page, even when every submission is invalid or forged', async () => {
    fixture = await webFixture({ limits: { subscribe: { max: 3, windowMs: 60_000 } } });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      // No CSRF cookie, no token, no valid field: the limit still counts it.
      const response = await postForm(fixture.server, '/subscribe', { email: 'x', topics: '(' }, '', '203.0.113.7');
      statuses.push(response.statusCode);
      if (response.statusCode === 429) {
        expect(response.headers['content-type']).toMatch(/^text\/html/);
        expect(mainOf(response.body)).toContain('Too many requests');
        expect(response.headers['retry-after']).toBeDefined();
      }
    }
    expect(statuses).toEqual([403, 403, 403, 429, 429]);
    // A valid form from the same address is refused too; another address is not limited.
    expect((await subscribe(fixture.server, { email: 'ada@example.org', topics: 'diffusion' }, '203.0.113.7')).statusCode).toBe(429);
    expect((await subscribe(fixture.server, { email: 'ada@example.org', topics: 'diffusion' }, '198.51.100.1')).statusCode).toBe(200);
  });
});

describe('no way to learn who subscribes', () => {
  it('answers with the same page for an unknown, a pending, an active and an unsubscribed address', async () => {
    fixture = await webFixture();
    await subscribe(fixture.server, { email: 'pending@example.org', topics: 'diffusion' }, '10.0.0.1');
    await activeSubscriber(fixture, 'active@example.org', 'diffusion', '10.0.0.2');
    const left = await activeSubscriber(fixture, 'left@example.org', 'diffusion', '10.0.0.3');
    await fixture.db.updateTable('subscribers').set({ status: 'unsubscribed' }).where('id', '=', left.id).execute();

    const answers = await Promise.all(
      ['nobody@example.org', 'pending@example.org', 'active@example.org', 'left@example.org'].map((email, i) =>
        subscribe(fixture.server, { email, topics: 'graph neural networks' }, `10.0.1.${i}`),
      ),
    );
    expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200, 200, 200]);
    expect(new Set(answers.map((answer) => answer.body)).size).toBe(1);
    expect(answers.every((answer) => answer.headers['set-cookie'] === undefined)).toBe(true);
  });
});

describe('a known subscriber submitting the form again', () => {
  it('keeps an active subscriber active with their topics until the new confirmation link is followed', async () => {
    fixture = await webFixture();
    const ada = await activeSubscriber(fixture, 'ada@example.org', 'diffusion');
    const before = await storeSnapshot(fixture.db);
    fixture.clock.advance(5_000);

    const response = await subscribe(fixture.server, { email: 'ada@example.org', topics: 'graph neural networks', frequency: 'instant' }, '10.1.1.1');
    expect(response.statusCode).toBe(200);
    const now = await findSubscriberByEmail(fixture.db, 'ada@example.org');
    expect(now).toMatchObject({ status: 'active', frequency: 'daily', topics: [{ name: 'diffusion', query: 'diffusion' }] });
    expect((await storeSnapshot(fixture.db)).subscribers).toEqual(before.subscribers);
    expect((await storeSnapshot(fixture.db)).topics).toEqual(before.topics);

    // The owner gets a confirmation of exactly what was asked for; following it applies it.
    const mails = await sentMail(fixture.outbox);
    expect(mails).toHaveLength(2);
    expect(mails[1].text).toContain('graph neural networks');
    const confirmed = await confirmAt(fixture.server, confirmPath(mails[1]));
    expect(confirmed.statusCode).toBe(200);
    expect(mainOf(confirmed.body)).toContain('Your subscription is updated');
    expect(await findSubscriberByEmail(fixture.db, 'ada@example.org')).toMatchObject({
      id: ada.id,
      status: 'active',
      frequency: 'instant',
      topics: [{ name: 'graph neural networks', query: 'graph neural networks' }],
    });
  });

  it('does not sign up again someone who unsubscribed, unless they follow the new link', async () => {
    fixture = await webFixture();
    const ada = await activeSubscriber(fixture, 'ada@example.org', 'diffusion');
    await fixture.db.updateTable('subscribers').set({ status: 'unsubscribed' }).where('id', '=', ada.id).execute();
    fixture.clock.advance(5_000);
    await subscribe(fixture.server, { email: 'ada@example.org', topics: 'graph' }, '10.1.1.2');
    expect(await findSubscriberByEmail(fixture.db, 'ada@example.org')).toMatchObject({ status: 'unsubscribed', topics: [{ query: 'diffusion' }] });
    const mails = await sentMail(fixture.outbox);
    await confirmAt(fixture.server, confirmPath(mails[1]));
    expect(await findSubscriberByEmail(fixture.db, 'ada@example.org')).toMatchObject({ status: 'active', topics: [{ query: 'graph' }] });
  });
});

describe('control characters from the form', () => {
  it('never come back raw: not in the page sent back with errors, not in the store, not in the email', async () => {
    fixture = await webFixture();
    const hostile = 'diffusion\u0000 model\u202e\u0007\r\n"graph\u0000 neural"';
    const refused = await subscribe(fixture.server, { email: 'not-an-address\u0000', topics: hostile }, '10.7.7.1');
    expect(refused.statusCode).toBe(400);
    expect(refused.body).not.toMatch(/[\u0000\u0007\u202e]/);
    expect(refused.body).toContain('diffusion model');

    const accepted = await subscribe(fixture.server, { email: 'ada@example.org', topics: hostile }, '10.7.7.2');
    expect(accepted.statusCode).toBe(200);
    const ada = await findSubscriberByEmail(fixture.db, 'ada@example.org');
    expect(ada?.topics).toEqual([
      { name: 'diffusion model', query: 'diffusion model' },
      { name: '"graph neural"', query: '"graph neural"' },
    ]);
    const [mail] = await sentMail(fixture.outbox);
    expect(mail.text).not.toMatch(/[\u0000\u0007\u202e]/);
  });
});
