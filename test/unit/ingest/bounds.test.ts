import { describe, expect, it } from 'vitest';
import { boundPaper, FIELD_LIMITS } from '../../../src/ingest/index.js';
import type { ParsedPaper } from '../../../src/types.js';

const PAPER: ParsedPaper = { title: 'A paper', abstract: 'An abstract.', authors: [], authorsCount: null, publishedAt: null, upvotes: null, url: null, arxivId: null, line: 7 };

describe('boundPaper: authors', () => {
  it('keeps the first 1,000 names, each at most 200 characters and without control characters, and reports the cut', () => {
    const authors = Array.from({ length: 5_000 }, (_, i) => (i === 0 ? `Ada\u0000 Lovelace\u202e ${'x'.repeat(400)}` : `Author ${i}`));
    const { paper, cuts } = boundPaper({ ...PAPER, authors });
    expect(paper.authors).toHaveLength(FIELD_LIMITS.authors);
    expect(paper.authors[0].length).toBeLessThanOrEqual(FIELD_LIMITS.author);
    expect(paper.authors[0]).toMatch(/^Ada Lovelace/);
    expect(paper.authors[1]).toBe('Author 1');
    expect(cuts).toEqual([{ line: 7, title: 'A paper', field: 'authors', length: 5_000, limit: FIELD_LIMITS.authors }]);
  });

  it('leaves a usual list alone', () => {
    const { paper, cuts } = boundPaper({ ...PAPER, authors: ['Ada Lovelace', 'Alan Turing'] });
    expect(paper.authors).toEqual(['Ada Lovelace', 'Alan Turing']);
    expect(cuts).toEqual([]);
  });
});
