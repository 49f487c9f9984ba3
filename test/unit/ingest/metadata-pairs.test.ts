import { describe, expect, it } from 'vitest';
import { parseDump } from '../../../src/ingest/parse.js';
import { fixture, lineOf, NOW } from './helpers.js';

// metadata-pairs.txt: the page header of 002 (with its page date `Nov 12` on
// line 11), then six papers cut from it. The fifth keeps only its authors
// line and the sixth has no metadata at all, as the page sometimes prints.
describe('metadata-pairs layout', () => {
  const raw = fixture('metadata-pairs.txt');
  const { format, papers } = parseDump(raw, { name: 'metadata-pairs.txt', now: NOW });

  it('is detected by content', () => {
    expect(format).toBe('metadata-pairs');
  });

  it('reads titles and abstracts, and never the page header or its date', () => {
    expect(papers.map((paper) => paper.title)).toEqual([
      'Nature-Inspired Population-Based Evolution of Large Language Models',
      'How Powerful are Shallow Neural Networks with Bandlimited Random Weights?',
      'B4: Towards Optimal Assessment of Plausible Code Solutions with Plausible Tests',
      'LIFT the Veil for the Truth: Principal Weights Emerge after Rank Reduction for Reasoning-Focused Supervised Fine-Tuning',
      'Introduction to Multi-Armed Bandits',
      'PLD: A Choice-Theoretic List-Wise Knowledge Distillation',
    ]);
    expect(papers.map((paper) => paper.line)).toEqual([13, 21, 29, 37, 45, 51]);
    expect(papers.map((paper) => paper.abstract)).toEqual([15, 23, 31, 39, 47, 53].map((n) => lineOf(raw, n)));
    expect(papers[0].abstract).toMatch(/^Evolution, the engine behind the survival and growth of life on Earth/);
  });

  it('reads authors, dates and upvotes: a number after a bare day is upvotes, a year follows a comma', () => {
    const metadata = papers.map(({ authorsCount, publishedAt, upvotes }) => ({ authorsCount, publishedAt, upvotes }));
    expect(metadata).toEqual([
      { authorsCount: 8, publishedAt: '2025-03-02', upvotes: null }, // `Mar 2`
      { authorsCount: 5, publishedAt: '2020-08-19', upvotes: null }, // `Aug 19, 2020`
      { authorsCount: 7, publishedAt: '2024-09-13', upvotes: 2 }, // `Sep 13, 2024 2`
      { authorsCount: 8, publishedAt: '2025-05-31', upvotes: 2 }, // `May 31 2`
      { authorsCount: 1, publishedAt: null, upvotes: null }, // `• 1 authors` only
      { authorsCount: null, publishedAt: null, upvotes: null }, // no metadata
    ]);
  });

  it('gives a date without a year the latest such day not after now', () => {
    const early = parseDump(raw, { name: 'metadata-pairs.txt', now: new Date('2025-03-01T12:00:00Z') }).papers;
    expect(early[0].publishedAt).toBe('2024-03-02'); // Mar 2 has not come yet in 2025
    expect(early[3].publishedAt).toBe('2024-05-31');
    const sameDay = parseDump(raw, { name: 'metadata-pairs.txt', now: new Date('2025-03-02T00:00:00Z') }).papers;
    expect(sameDay[0].publishedAt).toBe('2025-03-02');
  });

  it('accepts any subset of the metadata lines, in a dump of its own', () => {
    const text = [
      'Daily Papers',
      '',
      'A Paper With Only A Date',
      '',
      `${'Prose. '.repeat(40)}`,
      '',
      'Feb 29',
      '',
      'A Paper With Only The Separator',
      '',
      `${'Prose. '.repeat(40)}`,
      '·',
    ].join('\n');
    const only = parseDump(text, { name: 'subset.txt', now: new Date('2025-06-01T00:00:00Z') }).papers;
    expect(only.map((paper) => [paper.title, paper.publishedAt, paper.authorsCount])).toEqual([
      ['A Paper With Only A Date', '2024-02-29', null],
      ['A Paper With Only The Separator', null, null],
    ]);
  });
});
