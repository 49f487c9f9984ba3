// Test papers: built by hand for exact expectations, or read from the fixture
// of real titles and abstracts (copied from the sample dumps).
import { readFileSync } from 'node:fs';
import type { Paper } from '../../../src/types.js';

let next = 0;

export function makePaper(fields: Partial<Paper> & Pick<Paper, 'title'>): Paper {
  next += 1;
  return {
    id: `paper-${next}`,
    abstract: '',
    authorsCount: null,
    authors: [],
    publishedAt: '2026-03-01',
    upvotes: 0,
    url: null,
    arxivId: null,
    firstSeenAt: '2026-03-02T07:00:00.000Z',
    ...fields,
  };
}

export function fixturePapers(): Paper[] {
  const url = new URL('../../fixtures/papers.json', import.meta.url);
  const samples = JSON.parse(readFileSync(url, 'utf8')) as { title: string; abstract: string }[];
  return samples.map((sample, i) =>
    makePaper({ id: `fixture-${i}`, title: sample.title, abstract: sample.abstract, upvotes: i % 7 }),
  );
}
