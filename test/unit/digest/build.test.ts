import { describe, expect, it } from 'vitest';
import { buildConfirmation, buildEdition, editionPaperIds, isEmptyEdition, withRest, type EditionInput } from '../../../src/digest/index.js';
import { isPaperboyError } from '../../../src/errors.js';
import type { Match, Paper } from '../../../src/types.js';

const NOW = new Date('2026-11-24T07:00:00Z');
const SUBSCRIBER = { id: 7, email: 'ada@example.org', name: 'Ada', timezone: 'Europe/London', maxPapers: null };

function paper(id: string, overrides: Partial<Paper> = {}): Paper {
  return {
    id,
    title: `Paper ${id}`,
    abstract: 'An abstract.',
    authorsCount: null,
    authors: [],
    publishedAt: null,
    upvotes: null,
    url: null,
    arxivId: null,
    firstSeenAt: '2026-11-23T06:00:00Z',
    ...overrides,
  };
}

function match(id: string, score: number, topic = 'Diffusion', overrides: Partial<Paper> = {}): Match {
  return { paper: paper(id, overrides), score, topic, highlights: [], why: `matched topic ${topic}` };
}

function input(matches: Match[], overrides: Partial<EditionInput> = {}): EditionInput {
  return { kind: 'daily', period: '2026-11-24', subscriber: SUBSCRIBER, matches, now: NOW, ...overrides };
}

const ids = (matches: Match[]) => matches.map((m) => m.paper.id);

describe('buildEdition (daily)', () => {
  it('keys the edition by kind and period and stamps it with now', () => {
    const digest = buildEdition(input([match('a', 1)]), { maxPapers: 20 });
    expect(digest).toMatchObject({ kind: 'daily', period: '2026-11-24', key: 'daily:2026-11-24', at: NOW.toISOString(), moreCount: 0 });
    expect(digest.subscriber).toEqual({ id: 7, email: 'ada@example.org', name: 'Ada', timezone: 'Europe/London' });
  });

  it('keeps the best maxPapers papers and counts the rest', () => {
    const matches = [match('low', 1), match('top', 9), match('mid', 5), match('high', 7)];
    const digest = buildEdition(input(matches), { maxPapers: 2 });
    expect(editionPaperIds(digest)).toEqual(['top', 'high']);
    expect(digest.moreCount).toBe(2);
  });

  it("prefers the subscriber's own maxPapers over the config's", () => {
    const matches = [match('a', 3), match('b', 2), match('c', 1)];
    const digest = buildEdition(input(matches, { subscriber: { ...SUBSCRIBER, maxPapers: 1 } }), { maxPapers: 20 });
    expect(editionPaperIds(digest)).toEqual(['a']);
    expect(digest.moreCount).toBe(2);
  });

  it('groups by topic, sections in the order of their best paper, papers by rank inside', () => {
    const matches = [match('o1', 4, 'OOD'), match('d1', 8, 'Diffusion'), match('o2', 9, 'OOD'), match('d2', 2, 'Diffusion')];
    const digest = buildEdition(input(matches), { maxPapers: 20 });
    expect(digest.sections.map((s) => [s.topic, ids(s.matches)])).toEqual([
      ['OOD', ['o2', 'o1']],
      ['Diffusion', ['d1', 'd2']],
    ]);
    // The rank across sections is kept beside them: o2, d1, o1, d2.
    const flat = digest.sections.flatMap((section) => ids(section.matches));
    expect(digest.order!.map((position) => flat[position])).toEqual(['o2', 'd1', 'o1', 'd2']);
  });

  it('puts a paper that comes twice once, under its best match', () => {
    const digest = buildEdition(input([match('p', 3, 'OOD'), match('p', 6, 'Diffusion')]), { maxPapers: 20 });
    expect(digest.sections.map((s) => [s.topic, ids(s.matches)])).toEqual([['Diffusion', ['p']]]);
  });

  it('breaks score ties by upvotes, then recency, then id', () => {
    const matches = [
      match('old', 5, 'T', { upvotes: 3, publishedAt: '2026-01-01' }),
      match('new', 5, 'T', { upvotes: 3, publishedAt: '2026-11-01' }),
      match('liked', 5, 'T', { upvotes: 10 }),
      match('b', 5, 'T', { upvotes: 3, publishedAt: '2026-01-01' }),
    ];
    const digest = buildEdition(input(matches), { maxPapers: 20 });
    expect(editionPaperIds(digest)).toEqual(['liked', 'new', 'b', 'old']);
  });

  it('counts "N more" from the total when the matcher gave only the best few', () => {
    const digest = buildEdition(input([match('a', 3), match('b', 2)], { total: 9 }), { maxPapers: 2 });
    expect(digest.moreCount).toBe(7);
    expect(digest.sections.flatMap((section) => ids(section.matches))).toEqual(['a', 'b']);
  });

  it('is empty, not an error, when nothing is new', () => {
    const digest = buildEdition(input([]), { maxPapers: 20 });
    expect(digest.sections).toEqual([]);
    expect(digest.moreCount).toBe(0);
    expect(isEmptyEdition(digest)).toBe(true);
    expect(isEmptyEdition(buildEdition(input([match('b', 1)]), { maxPapers: 20 }))).toBe(false);
  });

  it('does not change with the order the matches come in', () => {
    const matches = [match('a', 2, 'X'), match('b', 2, 'Y', { upvotes: 1 }), match('c', 7, 'X'), match('d', 1, 'Y')];
    const forward = buildEdition(input(matches), { maxPapers: 3 });
    const backward = buildEdition(input([...matches].reverse()), { maxPapers: 3 });
    expect(backward).toEqual(forward);
  });

  it('refuses an edition without a period', () => {
    let caught: unknown;
    try {
      buildEdition(input([], { kind: 'instant', period: '' }), { maxPapers: 20 });
    } catch (error) {
      caught = error;
    }
    expect(isPaperboyError(caught, 'PB_USAGE')).toBe(true);
  });
});

describe('buildEdition (weekly)', () => {
  const weekly = (matches: Match[], overrides: Partial<EditionInput> = {}) =>
    buildEdition(input(matches, { kind: 'weekly', period: '2026-W48', ...overrides }), { maxPapers: 20 });

  it('takes only papers first seen in the 7 days before the edition', () => {
    const matches = [
      match('inside', 1, 'T', { firstSeenAt: '2026-11-17T07:00:00Z' }),
      match('justBefore', 9, 'T', { firstSeenAt: '2026-11-17T06:59:59Z' }),
      match('recent', 2, 'T', { firstSeenAt: '2026-11-24T06:59:59Z' }),
      match('future', 9, 'T', { firstSeenAt: '2026-11-24T07:00:00Z' }),
    ];
    const digest = weekly(matches);
    expect(digest.key).toBe('weekly:2026-W48');
    expect(editionPaperIds(digest).sort()).toEqual(['inside', 'recent']);
  });

  it('ranks by score and upvotes together', () => {
    const matches = [match('strong', 10, 'T', { upvotes: 0 }), match('popular', 8, 'T', { upvotes: 200 }), match('weak', 2, 'T', { upvotes: 50 })];
    expect(editionPaperIds(weekly(matches))).toEqual(['popular', 'strong', 'weak']);
    // Daily editions rank by score alone.
    expect(editionPaperIds(buildEdition(input(matches), { maxPapers: 20 }))).toEqual(['strong', 'popular', 'weak']);
  });
});

describe('buildEdition (instant)', () => {
  it("carries one ingest's new matches under the ingest's period", () => {
    const digest = buildEdition(input([match('a', 1), match('b', 3)], { kind: 'instant', period: '0c769479ae1c3d29' }), { maxPapers: 20 });
    expect(digest.key).toBe('instant:0c769479ae1c3d29');
    expect(editionPaperIds(digest)).toEqual(['b', 'a']);
  });
});

describe('buildConfirmation', () => {
  it('is a confirm digest listing the topics asked for', () => {
    const topics = [{ name: 'Diffusion', query: '"diffusion model" -audio' }];
    const digest = buildConfirmation({ subscriber: SUBSCRIBER, topics, frequency: 'weekly', now: NOW });
    expect(digest).toMatchObject({ kind: 'confirm', key: `confirm:${NOW.toISOString()}`, sections: [], moreCount: 0 });
    expect(digest.confirm).toEqual({ topics, frequency: 'weekly' });
  });
});

describe('withRest (the web copy)', () => {
  it('puts the papers that did not fit after the emailed ones of their topic, a new topic before "also for you", and drops the rank order a size cut would read', () => {
    const emailed = buildEdition(
      input([match('a', 9), match('b', 8, 'LLM'), match('c', 7), match('d', 6, 'LLM')], { alsoForYou: [match('s', 2, 'Also for you')] }),
      { maxPapers: 2 },
    );
    expect(emailed.moreCount).toBe(2);
    expect(emailed.order).toBeDefined();
    const copy = withRest(emailed, [{ topic: 'LLM', matches: [match('d', 6, 'LLM')] }, { topic: 'Diffusion', matches: [match('c', 7)] }, { topic: 'RAG', matches: [match('r', 5, 'RAG')] }], 0);
    expect(copy.sections.map((section) => [section.topic, ids(section.matches)])).toEqual([
      ['Diffusion', ['a', 'c']],
      ['LLM', ['b', 'd']],
      ['RAG', ['r']],
      ['Also for you', ['s']],
    ]);
    expect(copy.moreCount).toBe(0);
    expect(copy.order).toBeUndefined();
    // The stored digest is not changed.
    expect(emailed.sections.map((section) => ids(section.matches))).toEqual([['a'], ['b'], ['s']]);
  });
});
