import { afterEach, describe, expect, it } from 'vitest';
import { findSubscriberByEmail } from '../../../src/store/index.js';
import { signToken } from '../../../src/web/index.js';
import { activeSubscriber, addPapers, decodeEntities, formPage, linkIn, mainOf, PAPERS, postForm, SECRET, storeSnapshot, webFixture, type WebFixture } from './helpers.js';

let fixture: WebFixture;
afterEach(() => fixture?.close());

async function adaPreferences(topics = 'diffusion -audio'): Promise<{ id: number; url: string }> {
  await addPapers(fixture.db, PAPERS, fixture.clock.now());
  const ada = await activeSubscriber(fixture, 'ada@example.org', topics);
  return { id: ada.id, url: linkIn(ada.confirmed, '/preferences?token=') };
}

function preview(url: string, topics: unknown) {
  return fixture.server.inject({ method: 'POST', url: url.replace('/preferences?', '/preferences/preview?'), payload: { topics } });
}

describe('GET /preferences', () => {
  it('shows the subscriber’s settings and a preview of the recent papers their topics match, matched words bold', async () => {
    fixture = await webFixture();
    const { url } = await adaPreferences();
    const response = await fixture.server.inject(url);
    expect(response.statusCode).toBe(200);
    const main = mainOf(response.body);
    expect(main).toContain('<strong>ada@example.org</strong>');
    expect(main).toContain('>diffusion -audio</textarea>');
    expect(main).toContain('<option value="daily" selected>');
    expect(main).toMatch(/name="timezone"[^>]*value="Europe\/London"/);
    expect(main).toMatch(/<select id="sendHour" name="sendHour"/);
    expect(main).toContain('1 of the 4 recent papers matches:');
    expect(main).toContain('Fast <strong>Diffusion</strong> Models for Image Synthesis');
    // The paper about audio is excluded by the topic.
    expect(main).not.toContain('Audio Diffusion for Speech');
  });

  it('changes nothing in the store', async () => {
    fixture = await webFixture();
    const { url } = await adaPreferences();
    const before = await storeSnapshot(fixture.db);
    await fixture.server.inject(url);
    await fixture.server.inject({ method: 'HEAD', url });
    expect(await storeSnapshot(fixture.db)).toEqual(before);
  });

  it('refuses a tampered or foreign-purpose token with 400 and shows nobody’s data', async () => {
    fixture = await webFixture();
    const { id, url } = await adaPreferences();
    const token = new URL(url, 'http://x').searchParams.get('token')!;
    const unsubscribe = signToken(SECRET, { purpose: 'unsubscribe', subscriberId: id, expiresAt: null });
    for (const bad of [`${token}x`, unsubscribe, token.replace('.', '.A')]) {
      const response = await fixture.server.inject(`/preferences?token=${encodeURIComponent(bad)}`);
      expect(response.statusCode).toBe(400);
      expect(response.body).not.toContain('ada@example.org');
      expect(response.body).not.toContain('diffusion -audio');
    }
  });
});

describe('POST /preferences', () => {
  it('saves topics, frequency, time zone, send hour and weekday, and says so', async () => {
    fixture = await webFixture();
    const { url } = await adaPreferences();
    const { csrf, cookie } = await formPage(fixture.server, url);
    const response = await postForm(fixture.server, url, {
      _csrf: csrf,
      topics: 'Decoding: title:"speculative decoding"\ngraph neural',
      frequency: 'weekly',
      timezone: 'America/New_York',
      sendHour: '6',
      sendWeekday: 'friday',
    }, cookie);
    expect(response.statusCode).toBe(200);
    expect(mainOf(response.body)).toContain('<strong>Saved.</strong>');
    expect(mainOf(response.body)).toContain('Speculative Decoding</strong> at Scale');
    expect(await findSubscriberByEmail(fixture.db, 'ada@example.org')).toMatchObject({
      status: 'active',
      frequency: 'weekly',
      timezone: 'America/New_York',
      sendHour: 6,
      sendWeekday: 5,
      topics: [
        { name: 'Decoding', query: 'title:"speculative decoding"' },
        { name: 'graph neural', query: 'graph neural' },
      ],
    });
  });

  it('puts "default" back as null', async () => {
    fixture = await webFixture();
    const { url } = await adaPreferences();
    await fixture.db.updateTable('subscribers').set({ send_hour: 9, send_weekday: 2 }).execute();
    const { csrf, cookie } = await formPage(fixture.server, url);
    await postForm(fixture.server, url, { _csrf: csrf, topics: 'diffusion', frequency: 'daily', timezone: 'UTC', sendHour: '', sendWeekday: '' }, cookie);
    expect(await findSubscriberByEmail(fixture.db, 'ada@example.org')).toMatchObject({ sendHour: null, sendWeekday: null });
  });

  it('shows a broken topic with its column and saves nothing', async () => {
    fixture = await webFixture();
    const { url } = await adaPreferences();
    const before = await storeSnapshot(fixture.db);
    const { csrf, cookie } = await formPage(fixture.server, url);
    const response = await postForm(fixture.server, url, { _csrf: csrf, topics: 'diffusion OR', frequency: 'daily', timezone: 'Mars/Olympus', sendHour: '25', sendWeekday: '' }, cookie);
    expect(response.statusCode).toBe(400);
    const main = decodeEntities(mainOf(response.body));
    expect(main).toMatch(/Line 1, column 1[0-9]:<\/strong>/);
    expect(main).toContain('id="timezone-error"');
    expect(main).toContain('id="sendHour-error"');
    expect(main).toContain('>diffusion OR</textarea>');
    expect(await storeSnapshot(fixture.db)).toEqual(before);
  });

  it('needs the CSRF token', async () => {
    fixture = await webFixture();
    const { url } = await adaPreferences();
    const before = await storeSnapshot(fixture.db);
    const response = await postForm(fixture.server, url, { topics: 'graph', frequency: 'weekly', timezone: 'UTC' });
    expect(response.statusCode).toBe(403);
    expect(await storeSnapshot(fixture.db)).toEqual(before);
  });
});

describe('POST /preferences/preview', () => {
  it('answers JSON: the matching recent papers with their matched words marked', async () => {
    fixture = await webFixture();
    const { url } = await adaPreferences();
    const response = await preview(url, 'speculative decoding');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const body = response.json();
    expect(body).toMatchObject({ ok: true, summary: '1 of the 4 recent papers matches:' });
    expect(body.papers).toHaveLength(1);
    expect(body.papers[0].title).toEqual([
      { text: 'Speculative Decoding', strong: true },
      { text: ' at Scale', strong: false },
    ]);
    expect(body.papers[0].url).toMatch(/^https:\/\/huggingface\.co\/papers\?q=/);
  });

  it('answers the query error with its line and column', async () => {
    fixture = await webFixture();
    const { url } = await adaPreferences();
    const body = (await preview(url, 'diffusion\n(graph OR')).json();
    expect(body.ok).toBe(false);
    expect(body.errors).toEqual([expect.objectContaining({ line: 2, column: expect.any(Number), source: '(graph OR', caret: expect.stringMatching(/^ *\^$/) })]);
    expect(body.errors[0].column).toBeGreaterThan(1);
  });

  it('needs a valid preferences token, and changes nothing', async () => {
    fixture = await webFixture();
    const { url } = await adaPreferences();
    const before = await storeSnapshot(fixture.db);
    const bad = await fixture.server.inject({ method: 'POST', url: '/preferences/preview?token=nope.nope', payload: { topics: 'diffusion' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ ok: false });
    await preview(url, 'graph');
    expect(await storeSnapshot(fixture.db)).toEqual(before);
  });

  it('sees papers ingested after the server started', async () => {
    fixture = await webFixture();
    const { url } = await adaPreferences();
    expect((await preview(url, 'transformers')).json().summary).toMatch(/^None of the 4/);
    fixture.clock.advance(3_600_000);
    await addPapers(fixture.db, [{ title: 'Transformers All the Way Down', abstract: 'Attention again.' }], fixture.clock.now(), 'second');
    expect((await preview(url, 'transformers')).json().summary).toBe('1 of the 5 recent papers matches:');
  });
});
