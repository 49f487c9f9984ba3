import { afterEach, describe, expect, it } from 'vitest';
import { findSubscriberByEmail, rotateSubscriberLinks } from '../../../src/store/index.js';
import { pageLinks } from '../../../src/web/links.js';
import { activeSubscriber, confirmAt, formPage, linkIn, mainOf, postForm, SECRET, subscribe, sentMail, webFixture, type WebFixture } from './helpers.js';

let fixture: WebFixture;
afterEach(() => fixture?.close());

/** Every link an active subscriber's pages hand out, signed now. */
async function linksOf(email: string, confirmedPage: string) {
  const preferences = linkIn(confirmedPage, '/preferences?token=');
  const page = (await fixture.server.inject(preferences)).body;
  return { preferences, unsubscribe: linkIn(page, '/unsubscribe?token='), feed: linkIn(confirmedPage, '/feed/') };
}

describe('revoking a subscriber’s links', () => {
  it('refuses every link signed before the rotation, for that subscriber alone; links signed after work', async () => {
    fixture = await webFixture();
    const ada = await activeSubscriber(fixture, 'ada@example.org', 'diffusion', '10.0.0.1');
    const bob = await activeSubscriber(fixture, 'bob@example.org', 'graph', '10.0.0.2');
    const adaLinks = await linksOf('ada@example.org', ada.confirmed);
    const bobLinks = await linksOf('bob@example.org', bob.confirmed);

    fixture.clock.advance(60_000);
    await rotateSubscriberLinks(fixture.db, ada.id, fixture.clock.now());

    for (const link of Object.values(adaLinks)) {
      const response = await fixture.server.inject(link);
      expect(response.statusCode, link).toBe(400);
      expect(mainOf(response.body)).toContain('replaced by newer links');
      expect(response.body).not.toContain('ada@example.org');
    }
    // One-click unsubscribe from an old email: refused too, and Ada stays subscribed.
    const oneClick = await fixture.server.inject({ method: 'POST', url: adaLinks.unsubscribe, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    expect(oneClick.statusCode).toBe(400);
    expect((await findSubscriberByEmail(fixture.db, 'ada@example.org'))?.status).toBe('active');

    for (const link of Object.values(bobLinks)) expect((await fixture.server.inject(link)).statusCode, link).toBe(200);
    const fresh = pageLinks(SECRET, ada.id, fixture.clock.now());
    expect((await fixture.server.inject(fresh.preferences)).statusCode).toBe(200);
  });

  it('happens when someone who unsubscribed comes back: the links of the emails before stop working', async () => {
    fixture = await webFixture();
    const ada = await activeSubscriber(fixture, 'ada@example.org', 'diffusion');
    const old = await linksOf('ada@example.org', ada.confirmed);
    fixture.clock.advance(60_000);
    const { csrf, cookie } = await formPage(fixture.server, old.unsubscribe);
    const goodbye = await postForm(fixture.server, old.unsubscribe, { _csrf: csrf }, cookie);
    expect(mainOf(goodbye.body)).toContain('You are unsubscribed');
    // Still unsubscribed: the old links work (an old unsubscribe link says so).
    expect((await fixture.server.inject(old.preferences)).statusCode).toBe(200);

    fixture.clock.advance(60_000);
    await subscribe(fixture.server, { email: 'ada@example.org', topics: 'graph' }, '10.0.0.9');
    const mails = await sentMail(fixture.outbox);
    const back = await confirmAt(fixture.server, /\/confirm\?token=\S+/.exec(mails.at(-1)!.text)![0]);
    expect(mainOf(back.body)).toContain('You are subscribed');
    expect((await findSubscriberByEmail(fixture.db, 'ada@example.org'))?.status).toBe('active');

    for (const link of Object.values(old)) expect((await fixture.server.inject(link)).statusCode, link).toBe(400);
    // The page that welcomed her back hands out working links.
    expect((await fixture.server.inject(linkIn(back.body, '/preferences?token='))).statusCode).toBe(200);
  });
});
