import { afterEach, describe, expect, it } from 'vitest';
import { buildEdition } from '../../../src/digest/index.js';
import type { Digest } from '../../../src/types.js';
import { buildIndex, createMatcher } from '../../../src/match/index.js';
import { findEditionId, findSubscriberByEmail, listPapers, loadDigest, planEdition } from '../../../src/store/index.js';
import { FIELD_LIMITS } from '../../../src/ingest/index.js';
import { ARCHIVE_PAGE_SIZE } from '../../../src/web/routes/archive.js';
import { signToken } from '../../../src/web/index.js';
import { activeSubscriber, addPapers, decodeEntities, linkIn, mainOf, PAPERS, SECRET, sharedRenderer, storeSnapshot, webFixture, type WebFixture } from './helpers.js';

let fixture: WebFixture;
afterEach(() => fixture?.close());

describe('GET /archive', () => {
  it('lists the days papers arrived, newest first, each linked to its papers, and nothing about subscribers', async () => {
    fixture = await webFixture();
    await addPapers(fixture.db, PAPERS.slice(0, 2), new Date('2026-11-23T09:00:00Z'), 'a');
    await addPapers(fixture.db, PAPERS.slice(2), new Date('2026-11-24T09:00:00Z'), 'b');
    await activeSubscriber(fixture, 'ada@example.org', 'diffusion');
    const before = await storeSnapshot(fixture.db);

    const index = await fixture.server.inject('/archive');
    expect(index.statusCode).toBe(200);
    expect(index.headers['cache-control']).toBe('public, max-age=300');
    const main = mainOf(index.body);
    expect([...main.matchAll(/href="(\/archive\/[\d-]+)"/g)].map((m) => m[1])).toEqual(['/archive/2026-11-24', '/archive/2026-11-23']);
    expect(main).toContain('Tuesday 24 November 2026');

    const day = await fixture.server.inject('/archive/2026-11-23');
    expect(day.statusCode).toBe(200);
    const papers = mainOf(day.body);
    expect(papers).toContain('href="https://arxiv.org/abs/2611.00001"');
    expect(papers).toContain('Fast Diffusion Models for Image Synthesis');
    expect(papers).toContain('Speculative Decoding at Scale');
    expect(papers).not.toContain('Audio Diffusion for Speech');
    expect(linkIn(day.body, '/archive/2026-11-24')).toBe('/archive/2026-11-24');

    for (const body of [index.body, day.body]) expect(body).not.toContain('ada@example.org');
    expect(await storeSnapshot(fixture.db)).toEqual(before);
  });

  it('answers 404 for a day without papers or a malformed one', async () => {
    fixture = await webFixture();
    await addPapers(fixture.db, PAPERS, new Date('2026-11-24T09:00:00Z'));
    for (const url of ['/archive/2026-11-22', '/archive/2026-02-30', '/archive/yesterday', '/archive/2026-11-24x']) {
      expect((await fixture.server.inject(url)).statusCode).toBe(404);
    }
  });

  it('shows a day of 5,000 papers a page at a time, each page well under 2 MB, every paper on exactly one page', async () => {
    fixture = await webFixture();
    const papers = Array.from({ length: 5_000 }, (_, i) => ({
      // Titles and abstracts as long as ingest lets them be.
      title: `Paper ${String(i).padStart(4, '0')} ${'on long titles '.repeat(65)}`.slice(0, FIELD_LIMITS.title),
      abstract: 'A long abstract about diffusion. '.repeat(600).slice(0, FIELD_LIMITS.abstract),
      upvotes: i % 7,
    }));
    await addPapers(fixture.db, papers, new Date('2026-11-24T09:00:00Z'));
    const pages = Math.ceil(5_000 / ARCHIVE_PAGE_SIZE);
    const seen = new Set<string>();
    for (let page = 1; page <= pages; page++) {
      const response = await fixture.server.inject(page === 1 ? '/archive/2026-11-24' : `/archive/2026-11-24?page=${page}`);
      expect(response.statusCode).toBe(200);
      expect(Buffer.byteLength(response.body)).toBeLessThan(2_000_000);
      const titles = [...mainOf(response.body).matchAll(/Paper (\d{4}) on/g)].map((m) => m[1]);
      expect(titles).toHaveLength(ARCHIVE_PAGE_SIZE);
      for (const title of titles) seen.add(title);
      expect(mainOf(response.body)).toContain('5000 papers');
      const next = /href="([^"]+)" rel="next"/.exec(response.body)?.[1];
      expect(next && decodeEntities(next)).toBe(page < pages ? `/archive/2026-11-24?page=${page + 1}` : undefined);
    }
    expect(seen.size).toBe(5_000);
    for (const url of [`/archive/2026-11-24?page=${pages + 1}`, '/archive/2026-11-24?page=0', '/archive/2026-11-24?page=abc']) {
      expect((await fixture.server.inject(url)).statusCode).toBe(404);
    }
  }, 60_000);

  it('escapes whatever a dump holds', async () => {
    fixture = await webFixture();
    await addPapers(fixture.db, [{ title: '<script>alert(1)</script> & "quotes"', abstract: '<img src=x onerror=alert(1)>', url: 'javascript:alert(1)' }], new Date('2026-11-24T09:00:00Z'));
    const main = mainOf((await fixture.server.inject('/archive/2026-11-24')).body);
    expect(main).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
    expect(main).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    expect(main).not.toContain('<script>');
    expect(main).not.toContain('javascript:');
  });
});

describe('GET /d/<token>', () => {
  async function sentDigest(topics = 'diffusion -audio', maxPapers = 20): Promise<{ id: number; key: string; digest: Digest }> {
    await addPapers(fixture.db, PAPERS, fixture.clock.now());
    const { id } = await activeSubscriber(fixture, 'ada@example.org', topics);
    const subscriber = (await findSubscriberByEmail(fixture.db, 'ada@example.org'))!;
    const { matches } = createMatcher(buildIndex(await listPapers(fixture.db))).matchTopics(subscriber.topics);
    const digest = buildEdition({ kind: 'daily', period: '2026-11-24', subscriber, matches, now: fixture.clock.now() }, { maxPapers });
    await planEdition(fixture.db, digest, (await sharedRenderer()).render(digest).messageId, fixture.clock.now());
    return { id, key: digest.key, digest };
  }

  it('shows the web copy of a sent digest, rebuilt from the store, under a CSP that allows its inline styles and nothing active', async () => {
    fixture = await webFixture();
    const { id, key } = await sentDigest();
    const response = await fixture.server.inject(`/d/${signToken(SECRET, { purpose: 'view', subscriberId: id, expiresAt: null, data: key })}`);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Your daily papers');
    expect(response.body).toMatch(/Fast <strong>Diffusion<\/strong> Models/);
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("style-src 'unsafe-inline'");
    expect(csp).not.toContain('script-src');
  });

  it('holds no link that changes the reader\'s subscription, only the same 👍/👎 as the email: it is what a reader forwards', async () => {
    fixture = await webFixture();
    const { id, key } = await sentDigest();
    const subscriber = (await findSubscriberByEmail(fixture.db, 'ada@example.org'))!;
    const digest = (await loadDigest(fixture.db, (await findEditionId(fixture.db, { subscriberId: id, kind: 'daily', period: '2026-11-24' }))!))!.digest;
    const email = decodeEntities((await sharedRenderer()).render(digest).html);
    const copy = decodeEntities((await fixture.server.inject(`/d/${signToken(SECRET, { purpose: 'view', subscriberId: subscriber.id, expiresAt: null, data: key })}`)).body);
    // The email has them all...
    for (const path of ['/preferences?token=', '/unsubscribe?token=', '/feedback?token=', '/feed/']) expect(email).toContain(`https://papers.example.org${path}`);
    // ...the copy none but the votes: they lead to the subscribe page.
    for (const path of ['/preferences', '/unsubscribe', '/feed/', '/confirm']) expect(copy).not.toContain(`https://papers.example.org${path}`);
    const votes = (html: string) => [...html.matchAll(/https:\/\/papers\.example\.org\/feedback\?token=[^"&]+&paper=(\w+)&vote=(up|down)/g)].map((m) => `${m[1]}:${m[2]}`);
    expect(votes(copy)).toEqual(votes(email));
    expect(votes(copy).length).toBeGreaterThan(0);
    expect(copy).toContain('href="https://papers.example.org/subscribe"');
    expect(copy).toMatch(/Fast <strong>Diffusion<\/strong> Models/);
  });

  it('names no address and promises no one-click unsubscribe: whoever it is forwarded to is offered a digest of their own', async () => {
    fixture = await webFixture();
    const { id, key } = await sentDigest();
    const digest = (await loadDigest(fixture.db, (await findEditionId(fixture.db, { subscriberId: id, kind: 'daily', period: '2026-11-24' }))!))!.digest;
    const email = (await sharedRenderer()).render(digest);
    const copy = decodeEntities((await fixture.server.inject(`/d/${signToken(SECRET, { purpose: 'view', subscriberId: id, expiresAt: null, data: key })}`)).body);
    expect(decodeEntities(email.html)).toContain('because ada@example.org subscribed');
    expect(email.text).toContain('Unsubscribe:     https://papers.example.org/unsubscribe?token=');
    expect(copy).not.toContain('ada@example.org');
    expect(copy).not.toMatch(/unsubscrib/i);
    expect(copy).toMatch(/<a href="https:\/\/papers\.example\.org\/subscribe"[^>]*>Get papers on your own topics<\/a>/);
  });

  it('holds the papers that matched and did not fit under maxPapers, after the emailed one: what "see all 3 in your browser" promises', async () => {
    fixture = await webFixture();
    const { id, digest } = await sentDigest('diffusion\nspeculative decoding', 1);
    // Matches too, but arrived after the edition: not among what it matched.
    await addPapers(fixture.db, [{ title: 'Diffusion Transformers, Later', abstract: 'A diffusion model that came out the next day.' }], new Date(fixture.clock.now().getTime() + 86_400_000));
    const email = decodeEntities((await sharedRenderer()).render(digest).html);
    const titles = (html: string) => [...html.matchAll(/class="pb-title"[^>]*><a href="[^"]*"[^>]*>(.*?)<\/a>/g)].map((found) => found[1].replace(/<\/?strong>/g, ''));
    const emailed = titles(email);
    expect(emailed).toHaveLength(1);
    expect(email).toContain('And 2 more papers matched your topics');
    expect(email).toContain('see all 3 in your browser');

    const copy = decodeEntities((await fixture.server.inject(`/d/${signToken(SECRET, { purpose: 'view', subscriberId: id, expiresAt: null, data: digest.key })}`)).body);
    expect(titles(copy)[0]).toBe(emailed[0]);
    expect(titles(copy).sort()).toEqual(['Audio Diffusion for Speech', 'Fast Diffusion Models for Image Synthesis', 'Speculative Decoding at Scale']);
    expect(copy).not.toContain('more papers matched');
    expect(copy).toContain('3 new papers matched your topics');
  });

  it('answers 404 for another subscriber or another period, and 400 for a tampered token', async () => {
    fixture = await webFixture();
    const { id, key } = await sentDigest();
    const view = (subscriberId: number, data: string) => `/d/${signToken(SECRET, { purpose: 'view', subscriberId, expiresAt: null, data })}`;
    expect((await fixture.server.inject(view(id + 1, key))).statusCode).toBe(404);
    expect((await fixture.server.inject(view(id, 'daily:2026-11-23'))).statusCode).toBe(404);
    expect((await fixture.server.inject(view(id, 'nonsense'))).statusCode).toBe(400);
    expect((await fixture.server.inject(`${view(id, key)}x`)).statusCode).toBe(400);
  });

  it('takes tokens longer than fastify’s default 100-character parameter (instant editions are keyed by a sha256)', async () => {
    fixture = await webFixture();
    const { id } = await sentDigest();
    const token = signToken(SECRET, { purpose: 'view', subscriberId: id, expiresAt: null, data: `instant:${'a'.repeat(64)}` });
    expect(token.length).toBeGreaterThan(100);
    expect((await fixture.server.inject(`/d/${token}`)).statusCode).toBe(404);
    expect(mainOf((await fixture.server.inject(`/d/${token}`)).body)).toContain('no longer kept');
  });
});
