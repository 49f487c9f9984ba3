import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import v8 from 'node:v8';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildConfirmation } from '../../../src/digest/index.js';
import { builtinTemplatesDir, type Renderer } from '../../../src/render/index.js';
import type { Digest } from '../../../src/types.js';
import { verifyToken } from '../../../src/link-tokens.js';
import { ADA, AT, builtinRenderer, dailyDigest, digestOf, FIXTURES, hostileDigest, HOSTILE_TITLE, matchOf, paperOf, readable, SECRET, worstCaseDigest } from './fixtures.js';

let renderer: Renderer;

beforeAll(async () => {
  renderer = await builtinRenderer();
});

const NOW = new Date(AT);

/** Every href in the HTML, unescaped the way a browser reads the attribute. */
function hrefs(html: string): string[] {
  return [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1].replace(/&amp;/g, '&').replace(/&#x3D;/g, '='));
}

function tokenOf(url: string): string {
  const parsed = new URL(url);
  return parsed.searchParams.get('token') ?? decodeURIComponent(parsed.pathname.split('/').pop() ?? '').replace(/\.atom$/, '');
}

describe('render: daily digest', () => {
  it('says what is inside in the subject and the preheader', () => {
    const message = renderer.render(dailyDigest());
    expect(message.subject).toBe('5 new papers: Diffusion, OOD — Tue 24 Nov');
    expect(message.html).toContain('How much is a noisy image worth?');
    const preheader = /<div class="pb-preheader"[^>]*>([^<]*)<\/div>/.exec(message.html)?.[1] ?? '';
    expect(preheader).toContain('How much is a noisy image worth?');
  });

  it('groups papers under h2 topic headings, dated by the day in the subscriber zone it is for', () => {
    const html = readable(renderer.render(dailyDigest()).html);
    expect(html).toMatch(/<h1[^>]*>Your daily papers<\/h1>/);
    expect(html).toMatch(/<h2[^>]*>Diffusion <span[^>]*>· 3 papers<\/span><\/h2>/);
    expect(html.indexOf('>Diffusion <span')).toBeLessThan(html.indexOf('>OOD <span'));
    expect(html).toContain('Tuesday 24 November');
    // 20:00 UTC is already the 25th in Tokyo, whose daily for that day it is.
    const tokyo = renderer.render({ ...dailyDigest(), period: '2026-11-25', at: '2026-11-24T20:00:00.000Z', subscriber: { ...ADA, timezone: 'Asia/Tokyo' } });
    expect(tokyo.html).toContain('Wednesday 25 November');
    expect(tokyo.subject).toMatch(/ — Wed 25 Nov$/);
    // Built days later (a run that caught up, or `run --at`), it still says the day it is for.
    const late = renderer.render({ ...dailyDigest(), period: '2026-11-23', at: '2026-12-07T09:00:00.000Z' });
    expect(late.html).toContain('Monday 23 November');
    expect(late.html).not.toContain('7 December');
    expect(late.subject).toMatch(/ — Mon 23 Nov$/);
    expect(late.text).toContain('Monday 23 November');
  });

  it('shows matched words in bold in titles and snippets, and only a snippet of each abstract', () => {
    const digest = dailyDigest();
    const html = readable(renderer.render(digest).html);
    expect(html).toMatch(/Guidance for <strong>Diffusion Models<\/strong>/);
    expect(html).toMatch(/<strong>diffusion models<\/strong>/);
    const longest = digest.sections[0].matches[0].paper.abstract;
    expect(longest.length).toBeGreaterThan(600);
    expect(html).not.toContain(longest.slice(-200));
    expect(html).toContain('…');
  });

  it('links each title to the paper, falling back to a Hugging Face search', () => {
    const paper = paperOf(FIXTURES.diffusion[0], 'x', { url: 'https://arxiv.org/abs/2405.19253' });
    const linked = renderer.render(digestOf([{ topic: 'T', matches: [matchOf(paper, 'T', ['diffusion'])] }]));
    expect(hrefs(linked.html)).toContain('https://arxiv.org/abs/2405.19253');
    const unlinked = renderer.render(digestOf([{ topic: 'T', matches: [matchOf({ ...paper, url: null }, 'T', ['diffusion'])] }]));
    expect(hrefs(unlinked.html)).toContain(`https://huggingface.co/papers?q=${encodeURIComponent(paper.title)}`);
  });

  it('shows upvotes, authors and the why line when known', () => {
    const { html: ascii, text } = renderer.render(dailyDigest());
    const html = readable(ascii);
    expect(html).toContain('30 upvotes · 6 authors · 23 Nov 2026');
    expect(html).toContain('12 upvotes · 23 Nov 2026');
    expect(html).toContain('matched topic Diffusion: &quot;diffusion model&quot; in the title');
    expect(text).toContain('Why: matched topic Diffusion: "diffusion model" in the title');
  });

  it('gives each paper 👍/👎 links with its id and the vote, under the subscriber\'s signed feedback token', () => {
    const { html } = renderer.render(dailyDigest());
    const feedback = hrefs(html).filter((href) => href.startsWith('https://papers.example.org/feedback?token='));
    expect(feedback).toHaveLength(10);
    const votes = feedback.map((href) => new URL(href).searchParams).map((query) => ({
      token: verifyToken(SECRET, query.get('token') ?? '', 'feedback', NOW),
      paper: query.get('paper'),
      vote: query.get('vote'),
    }));
    expect(votes.slice(0, 2)).toEqual([
      { token: { subscriberId: 42, data: null, expiresAt: null, issuedAt: new Date(dailyDigest().at) }, paper: 'd0', vote: 'up' },
      { token: { subscriberId: 42, data: null, expiresAt: null, issuedAt: new Date(dailyDigest().at) }, paper: 'd0', vote: 'down' },
    ]);
    expect(new Set(votes.map((v) => v.paper)).size).toBe(5);
  });

  it('links "and N more" and the footer to the web copy, preferences, unsubscribe and the feed', () => {
    const { html: ascii, text } = renderer.render(dailyDigest());
    const html = readable(ascii);
    expect(html).toMatch(/And 4 more papers matched your topics — <a href="https:\/\/papers\.example\.org\/d\/[^"]+"[^>]*>see all 9 in your browser<\/a>/);
    const links = hrefs(html);
    const view = links.find((href) => href.startsWith('https://papers.example.org/d/'));
    expect(verifyToken(SECRET, tokenOf(view ?? ''), 'view', NOW).data).toBe('daily:2026-11-24');
    const preferences = links.find((href) => href.startsWith('https://papers.example.org/preferences?token='));
    expect(verifyToken(SECRET, tokenOf(preferences ?? ''), 'preferences', NOW).subscriberId).toBe(42);
    const unsubscribe = links.find((href) => href.startsWith('https://papers.example.org/unsubscribe?token='));
    expect(verifyToken(SECRET, tokenOf(unsubscribe ?? ''), 'unsubscribe', NOW).subscriberId).toBe(42);
    const feed = links.find((href) => /^https:\/\/papers\.example\.org\/feed\/[A-Za-z0-9_.-]+\.atom$/.test(href));
    expect(verifyToken(SECRET, tokenOf(feed ?? ''), 'feed', NOW).subscriberId).toBe(42);
    for (const label of ['View in browser', 'Preferences', 'Unsubscribe', 'Atom feed']) expect(html).toContain(`>${label}</a>`);
    expect(text).toContain(`Unsubscribe:     ${unsubscribe}`);
  });

  it('is accessible and readable in dark mode', () => {
    const html = readable(renderer.render(dailyDigest()).html);
    expect(html).toMatch(/<html lang="en"/);
    expect(html).toContain('<meta name="color-scheme" content="light dark">');
    expect(html).toContain('<meta name="supported-color-schemes" content="light dark">');
    expect(html).toMatch(/@media \(prefers-color-scheme: dark\)\s*\{[^@]*\.pb-card[^}]*background[^}]*!important/);
    expect(html).toMatch(/<span aria-hidden="true">👍<\/span> More like this/);
  });

  it('has a real text part: headings, wrapped paragraphs, links, no markup', () => {
    const { text } = renderer.render(dailyDigest());
    expect(text).toMatch(/^Paperboy · Your daily papers\nTuesday 24 November\n\nHi Ada — 5 new papers matched your topics\.\n/);
    expect(text).toContain('## Diffusion (3 papers)');
    expect(text).toContain('* How much is a noisy image worth?');
    expect(text).not.toMatch(/<\/?[a-z]+[^>]*>|&amp;|&quot;/);
    for (const line of text.split('\n')) {
      if (!/https?:\/\//.test(line)) expect(line.length).toBeLessThanOrEqual(80);
    }
    expect(text).toContain('And 4 more papers matched your topics. See all 9:');
  });

  it('sets the headers: From, To with the name, Message-ID, List-*', () => {
    const message = renderer.render(dailyDigest());
    expect(message.from).toBe('"Paperboy" <digest@example.org>');
    expect(message.to).toBe('"Ada" <ada@example.org>');
    expect(message.messageId).toMatch(/^<[0-9a-f]{32}\.daily@example\.org>$/);
    expect(message.date).toBe(AT);
    expect(message.headers['List-Id']).toBe('Paperboy digests <digest.example.org>');
    expect(message.headers['List-Unsubscribe']).toMatch(/^<https:\/\/papers\.example\.org\/unsubscribe\?token=[\w.-]+>, <mailto:unsubscribe@example\.org\?subject=unsubscribe%20[\w.-]+>$/);
    expect(message.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
  });

  it('is a pure function of the digest', () => {
    expect(renderer.render(dailyDigest())).toEqual(renderer.render(dailyDigest()));
  });

  it('reuses a shared, frozen match between subscribers, but signs each one their own links', () => {
    const frozen = Object.freeze(matchOf(paperOf(FIXTURES.diffusion[1], 'shared'), 'Diffusion', ['diffusion']));
    const ada = renderer.render(digestOf([{ topic: 'Diffusion', matches: [frozen] }]));
    const bob = renderer.render(digestOf([{ topic: 'Diffusion', matches: [frozen] }], { subscriber: { ...ADA, id: 7, name: 'Bob' } }));
    const votes = (html: string) => hrefs(html).filter((href) => href.includes('/feedback?')).map((href) => verifyToken(SECRET, tokenOf(href), 'feedback', NOW));
    expect(votes(ada.html).map((v) => v.subscriberId)).toEqual([42, 42]);
    expect(votes(bob.html).map((v) => v.subscriberId)).toEqual([7, 7]);
    expect(bob.html).toContain('Minority Guidance for <strong>Diffusion</strong>');
  });

  it('never reuses an unfrozen match, which may have changed', () => {
    const match = matchOf(paperOf(FIXTURES.diffusion[1], 'mutable'), 'Diffusion', ['diffusion']);
    renderer.render(digestOf([{ topic: 'Diffusion', matches: [match] }]));
    match.paper.upvotes = 999;
    expect(renderer.render(digestOf([{ topic: 'Diffusion', matches: [match] }])).html).toContain('999 upvotes');
  });

  it('says so when nothing matched', () => {
    const message = renderer.render(digestOf([]));
    expect(message.subject).toBe('No new papers — Tue 24 Nov');
    expect(message.html).toContain('Nothing new matched your topics.');
    expect(message.text).toContain('Nothing new matched your topics.');
  });
});

describe('render: size', () => {
  it('stays under 100 KB for 20 papers with the longest abstracts and titles', () => {
    const digest = worstCaseDigest();
    expect(digest.sections.flatMap((s) => s.matches)).toHaveLength(20);
    expect(Math.min(...digest.sections.flatMap((s) => s.matches.map((m) => m.paper.abstract.length)))).toBeGreaterThan(1800);
    const { html } = renderer.render(digest);
    expect(Buffer.byteLength(html, 'utf8')).toBeLessThan(100 * 1024);
    const unmarked = html.replace(/<\/?strong>/g, '');
    for (const match of digest.sections.flatMap((s) => s.matches)) expect(unmarked).toContain(`>${match.paper.title}</a></h3>`);
  });
});

describe('render: hostile dump text', () => {
  it('escapes markup everywhere and never links a javascript: URL', () => {
    const { html, text, subject } = renderer.render(hostileDigest());
    const body = html.slice(html.indexOf('<body'));
    expect(body).not.toMatch(/<script|<img|onerror=|<b>topic/i);
    expect(body).toContain('&lt;<strong>script</strong>&gt;alert(1)&lt;/<strong>script</strong>&gt;');
    expect(body).toContain('<strong>onerror</strong>&#x3D;&quot;alert(2)&quot;');
    expect(body).toContain('Evil &lt;b&gt;topic&lt;/b&gt;');
    expect(hrefs(html).every((href) => /^https:\/\//.test(href))).toBe(true);
    expect(html).not.toMatch(/javascript:alert\(document/);
    expect(hrefs(html)[0]).toBe(`https://huggingface.co/papers?q=${encodeURIComponent(HOSTILE_TITLE.replace(/\s+/g, ' '))}`);
    expect(subject).not.toMatch(/[\r\n]/);
    expect(text).toContain('<script>alert(1)</script>');
  });

  it('keeps the <title> and aria-label escaped too', () => {
    const { html } = renderer.render(hostileDigest());
    expect(html).toMatch(/<title>New paper: Pwned &lt;script&gt;/);
    expect(html).toMatch(/aria-label="New paper: Pwned &lt;script&gt;/);
  });
});

describe('render: the HTML in ASCII', () => {
  it('writes every character outside ASCII as a reference, from the dump, the names and the templates alike', () => {
    const title = 'Café — naïve 😀 漢字 \ud800 diffusion';
    const paper = paperOf(FIXTURES.diffusion[0], 'u1', { title, abstract: `Ωμέγα « diffusion » ${FIXTURES.diffusion[0].abstract}` });
    const digest = digestOf([{ topic: 'Diffusion ✓', matches: [matchOf(paper, 'Diffusion ✓', ['diffusion'])] }], { subscriber: { ...ADA, name: 'Zoë' } });
    for (const kind of ['daily', 'weekly', 'instant'] as const) {
      const { html } = renderer.render({ ...digest, kind, period: kind === 'instant' ? 'ingest-1' : digest.period });
      expect(html).toMatch(/^[\x00-\x7f]*$/);
      expect(html).not.toContain('&amp;#x');
      const shown = readable(html).replace(/<\/?strong>/g, '');
      expect(shown).toContain('Café — naïve 😀 漢字 \ufffd diffusion');
      expect(shown).toContain('Ωμέγα « diffusion »');
      expect(shown).toContain('Diffusion ✓');
      expect(shown).toContain('👍');
    }
    expect(readable(renderer.render(digest).html)).toContain('Hi Zoë — ');
    const confirm = renderer.render(buildConfirmation({ subscriber: ADA, topics: [{ name: 'Ωmega', query: 'ω' }], frequency: 'daily', now: NOW }));
    expect(confirm.html).toMatch(/^[\x00-\x7f]*$/);
    expect(readable(confirm.html)).toContain('<strong>Ωmega</strong> — ω');
  });

  it('keeps the HTML one byte a character, though the dump text it came from is not', () => {
    // V8 copies a string to the SMTP thread as it stores it: a two-byte one is twice the bytes.
    const stored = (text: string) => v8.serialize(text).length;
    const title = 'Café — naïve diffusion';
    const paper = paperOf(FIXTURES.diffusion[0], 'u2', { title });
    const digest = digestOf([{ topic: 'Diffusion ✓', matches: [matchOf(paper, 'Diffusion ✓', ['diffusion'])] }], { subscriber: { ...ADA, name: 'Zoë' } });
    for (let i = 0; i < 2; i++) {
      const { html, text } = renderer.render(digest);
      expect(stored(html)).toBeLessThan(html.length + 16);
      expect(stored(text)).toBeGreaterThan(2 * text.length);
    }
  });
});

describe('render: weekly, alert and confirmation', () => {
  const kinds = (kind: Digest['kind'], period: string, sections = dailyDigest().sections): Digest => ({
    ...dailyDigest(),
    kind,
    period,
    key: `${kind}:${period}`,
    sections,
    moreCount: 0,
  });

  it('names the week in a weekly summary', () => {
    const message = renderer.render(kinds('weekly', '2026-W48'));
    expect(message.subject).toBe('Your week in papers: 5 on Diffusion, OOD (17 – 24 November)');
    expect(message.html).toMatch(/<h1[^>]*>Your week in papers<\/h1>/);
    expect(message.messageId).toMatch(/\.weekly@example\.org>$/);
  });

  it('names the paper of a one-paper alert, and the topics of a bigger one', () => {
    const one = kinds('instant', 'abc', [{ topic: 'Diffusion', matches: dailyDigest().sections[0].matches.slice(0, 1) }]);
    expect(renderer.render(one).subject).toBe('New paper: How much is a noisy image worth? Data Scaling Laws for Ambient Diffusion');
    expect(renderer.render(kinds('instant', 'abc')).subject).toBe('5 new papers matching Diffusion, OOD');
  });

  it('asks to confirm with one button, listing the topics', () => {
    const digest = buildConfirmation({
      subscriber: ADA,
      topics: [
        { name: 'Diffusion', query: '"diffusion model" -audio' },
        { name: 'title:"speculative decoding"', query: 'title:"speculative decoding"' },
      ],
      frequency: 'daily',
      now: NOW,
    });
    const message = renderer.render(digest);
    expect(message.subject).toBe('Confirm your subscription to Paperboy');
    const confirm = hrefs(message.html).filter((href) => href.startsWith('https://papers.example.org/confirm?token='));
    expect(confirm).toHaveLength(1);
    const token = verifyToken(SECRET, tokenOf(confirm[0]), 'confirm', NOW);
    expect(token.expiresAt?.toISOString()).toBe('2026-12-01T07:00:00.000Z');
    expect(message.html).toMatch(/>\s*Confirm your subscription\s*<\/a>/);
    expect(readable(message.html)).toContain('<strong>Diffusion</strong> — &quot;diffusion model&quot; -audio');
    expect(message.text).toContain(confirm[0]);
    expect(message.text).toContain('* Diffusion — "diffusion model" -audio');
    expect(message.headers['List-Unsubscribe']).toBeUndefined();
  });
});

describe('built-in templates', () => {
  it('never print a value unescaped', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)]));
    const mjml = files(builtinTemplatesDir()).filter((file) => file.endsWith('.mjml'));
    expect(mjml.length).toBeGreaterThanOrEqual(8);
    for (const file of mjml) expect(readFileSync(file, 'utf8')).not.toMatch(/\{\{\{|\{\{~?\s*&/);
  });
});
