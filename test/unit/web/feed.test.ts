import { xml2js, type ElementCompact } from 'xml-js';
import { afterEach, describe, expect, it } from 'vitest';
import { buildIndex, createMatcher } from '../../../src/match/index.js';
import type { Paper } from '../../../src/types.js';
import { buildAtomFeed } from '../../../src/web/feed.js';
import { signToken } from '../../../src/web/index.js';
import { activeSubscriber, addPapers, linkIn, PAPERS, SECRET, storeSnapshot, webFixture, type WebFixture } from './helpers.js';

let fixture: WebFixture;
afterEach(() => fixture?.close());

// xml-js (the `feed` package's own XML library) parses with sax in strict mode: malformed XML throws.
function parseAtom(xml: string): ElementCompact {
  return xml2js(xml, { compact: true }) as ElementCompact;
}

const INVALID_XML_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

describe('GET /feed/<token>.atom', () => {
  it('is a valid Atom 1.0 feed of the subscriber’s recent matches', async () => {
    fixture = await webFixture();
    await addPapers(fixture.db, PAPERS, fixture.clock.now());
    const ada = await activeSubscriber(fixture, 'ada@example.org', 'Diffusion: diffusion -audio\nspeculative');
    const url = linkIn(ada.confirmed, '/feed/');
    const before = await storeSnapshot(fixture.db);
    const response = await fixture.server.inject(url);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    const feed = parseAtom(response.body).feed as ElementCompact;
    expect(feed._attributes).toEqual({ xmlns: 'http://www.w3.org/2005/Atom' });
    // Required by RFC 4287: id, title, updated, an author; a self link.
    expect(feed.id._text).toBe(`https://papers.example.org${url}`);
    expect(feed.title._text).toBe('Paperboy: your papers');
    expect(feed.updated._text).toBe('2026-11-24T10:00:00.000Z');
    expect(feed.author.name._text).toBe('Paperboy');
    expect(feed.link).toContainEqual({ _attributes: { rel: 'self', href: `https://papers.example.org${url}` } });
    const entries = [feed.entry].flat() as ElementCompact[];
    expect(entries.map((entry) => entry.title._cdata).sort()).toEqual(['Fast Diffusion Models for Image Synthesis', 'Speculative Decoding at Scale']);
    for (const entry of entries) {
      expect(entry.id._text).toMatch(/^tag:papers\.example\.org,2026-11-24:paper\/[0-9a-f]+$/);
      expect(entry.updated._text).toBe('2026-11-24T10:00:00.000Z');
      expect(entry.link._attributes.href).toMatch(/^https:\/\//);
    }
    const diffusion = entries.find((entry) => entry.title._cdata.startsWith('Fast'))!;
    expect(diffusion.summary._cdata).toContain('<strong>diffusion</strong>');
    expect(diffusion.category._attributes.term).toBe('Diffusion');
    expect(await storeSnapshot(fixture.db)).toEqual(before);
  });

  it('refuses a token for another purpose, a tampered one, and a path without .atom', async () => {
    fixture = await webFixture();
    const ada = await activeSubscriber(fixture, 'ada@example.org', 'diffusion');
    const url = linkIn(ada.confirmed, '/feed/');
    const preferences = signToken(SECRET, { purpose: 'preferences', subscriberId: ada.id, expiresAt: null });
    expect((await fixture.server.inject(`/feed/${preferences}.atom`)).statusCode).toBe(400);
    expect((await fixture.server.inject(url.replace('.atom', 'x.atom'))).statusCode).toBe(400);
    expect((await fixture.server.inject(url.replace('.atom', ''))).statusCode).toBe(404);
  });

  it('stops when the subscriber unsubscribes', async () => {
    fixture = await webFixture();
    const ada = await activeSubscriber(fixture, 'ada@example.org', 'diffusion');
    await fixture.db.updateTable('subscribers').set({ status: 'unsubscribed' }).execute();
    expect((await fixture.server.inject(linkIn(ada.confirmed, '/feed/'))).statusCode).toBe(410);
  });
});

describe('buildAtomFeed', () => {
  it('stays well-formed and inert whatever the dump held', () => {
    const hostile: Paper = {
      id: 'abc',
      title: 'Evil ]]> <script>alert(1)</script> & \u0001\u000bcontrol\ud800 "quoted"',
      abstract: 'Evil abstract ]]> with <b>tags</b> & an evil word \u0007 inside.',
      authorsCount: null,
      authors: [],
      publishedAt: null,
      upvotes: null,
      url: 'javascript:alert(1)',
      arxivId: null,
      firstSeenAt: '2026-11-24T10:00:00.000Z',
    };
    const { matches } = createMatcher(buildIndex([hostile])).matchTopics([{ name: 'A & <B> "c"', query: 'evil' }]);
    const xml = buildAtomFeed({
      subscriber: { id: 1, topics: [{ name: 'A & <B> "c"', query: 'evil' }], createdAt: '2026-11-01T00:00:00.000Z' },
      matches,
      brand: 'Paper & <Boy>',
      publicUrl: 'https://papers.example.org',
      selfUrl: 'https://papers.example.org/feed/t.atom',
      updated: null,
    });
    expect(xml).not.toMatch(INVALID_XML_CHARS);
    const feed = parseAtom(xml).feed as ElementCompact;
    expect(feed.title._text).toBe('Paper & <Boy>: your papers');
    expect(feed.updated._text).toBe('2026-11-01T00:00:00.000Z');
    const entry = feed.entry as ElementCompact;
    // type="html": the text is escaped HTML, so a reader shows the tags as text.
    const title = [entry.title._cdata].flat().join('');
    expect(title).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(title).toContain(']]&gt;');
    expect(title).not.toContain('<script>');
    const summary = [entry.summary._cdata].flat().join('');
    expect(summary).toContain('&lt;b&gt;tags&lt;/b&gt;');
    expect(summary).toMatch(/<strong>[Ee]vil<\/strong>/);
    expect(entry.link._attributes.href).toMatch(/^https:\/\/huggingface\.co\/papers\?q=/);
    expect(entry.category._attributes.term).toBe('A & <B> "c"');
  });
});
