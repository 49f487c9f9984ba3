import { describe, expect, it } from 'vitest';
import { parseDump } from '../../../src/ingest/parse.js';
import { fixture, NOW } from './helpers.js';

const expected = [
  {
    title: 'Sharper Bounds for ell_p Sensitivity Sampling',
    authorsCount: 2,
    publishedAt: '2023-06-01',
    upvotes: 3,
    url: 'https://example.org/papers/sharper-bounds',
    arxivId: '2306.99999',
  },
  // authors as an array of names, an ISO instant, a javascript: url dropped
  { title: 'Introduction to Multi-Armed Bandits', authorsCount: 1, publishedAt: '2019-04-15', upvotes: null, url: null, arxivId: null },
  // the page's own date form, without a year
  { title: 'Nature-Inspired Population-Based Evolution of Large Language Models', authorsCount: null, publishedAt: '2025-03-02', upvotes: null, url: null, arxivId: null },
];

describe('json layout', () => {
  const { format, papers } = parseDump(fixture('papers.json'), { name: 'papers.json', now: NOW });

  it('is detected by content', () => {
    expect(format).toBe('json');
    expect(parseDump(fixture('papers.json'), { name: 'papers.txt', now: NOW }).format).toBe('json');
  });

  it('reads each object, counting an author list and keeping only http(s) urls', () => {
    expect(papers).toMatchObject(expected);
    expect(papers[0].abstract).toMatch(/^In large scale machine learning, random sampling/);
  });

  it('gives each paper the line its object starts on', () => {
    expect(papers.map((paper) => paper.line)).toEqual([2, 11, 18]);
  });

  it('reads a one-line array and strings with escaped brackets', () => {
    const text = '[{"title":"A [b] {c}","abstract":"d \\"]\\" e"},{"title":"F","abstract":"g"}]';
    const parsed = parseDump(text, { name: 'one.json', now: NOW }).papers;
    expect(parsed.map((paper) => [paper.title, paper.abstract, paper.line])).toEqual([
      ['A [b] {c}', 'd "]" e', 1],
      ['F', 'g', 1],
    ]);
  });
});

describe('jsonl layout', () => {
  const { format, papers } = parseDump(fixture('papers.jsonl'), { name: 'papers.jsonl', now: NOW });

  it('is detected by content and reads one object per line', () => {
    expect(format).toBe('jsonl');
    expect(papers).toMatchObject(expected);
    expect(papers.map((paper) => paper.line)).toEqual([1, 2, 3]);
  });

  it('skips blank lines and keeps line numbers true', () => {
    const text = `\n${fixture('papers.jsonl').toString().replace(/\n/g, '\n\n')}`;
    expect(parseDump(text, { name: 'papers.jsonl', now: NOW }).papers.map((paper) => paper.line)).toEqual([2, 4, 6]);
  });
});
