import { describe, expect, it } from 'vitest';
import { buildIndex, createMatcher } from '../../src/match/index.js';
import { SentPapers } from '../../src/sent-papers.js';
import type { Paper } from '../../src/types.js';

function paper(id: string): Paper {
  return { id, title: `Paper ${id}`, abstract: `About ${id}.`, authors: [], authorsCount: null, publishedAt: null, upvotes: null, url: null, arxivId: null, firstSeenAt: '2026-11-23T06:00:00Z' };
}

describe('SentPapers', () => {
  const sent = new SentPapers([['a', 'b'], ['b', 'c'], []]);

  it('reads as the set of every list’s papers, each once', () => {
    expect(sent.size).toBe(3);
    expect(sent.has('b')).toBe(true);
    expect(sent.has('d')).toBe(false);
    expect([...sent].sort()).toEqual(['a', 'b', 'c']);
    const seen: string[] = [];
    sent.forEach((id, key, set) => {
      expect(key).toBe(id);
      expect(set).toBe(sent);
      seen.push(id);
    });
    expect(seen.sort()).toEqual(['a', 'b', 'c']);
  });

  it('gives the matcher the same ordinals as the plain set of its papers, leaving out papers it does not hold', () => {
    const matcher = createMatcher(buildIndex(['a', 'b', 'c', 'x'].map(paper)));
    const lists = new SentPapers([['c', 'gone'], ['a'], ['c']]);
    expect([...new Set(matcher.ordinalsOf(lists))].sort()).toEqual(matcher.ordinalsOf(new Set(['a', 'c', 'gone'])).sort());
    expect(matcher.ordinalsOf(lists).map((ordinal) => matcher.index.papers[ordinal].id).sort()).toEqual(['a', 'c', 'c']);
  });
});
