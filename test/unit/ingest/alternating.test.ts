import { describe, expect, it } from 'vitest';
import { parseDump } from '../../../src/ingest/parse.js';
import { fixture, lineOf, NOW } from './helpers.js';

// alternating.txt: the first 8 lines of 003: two header lines, then three
// papers on alternate lines, the first title glued to `Subscribe` on line 3.
describe('alternating layout', () => {
  const raw = fixture('alternating.txt');
  const { format, papers } = parseDump(raw, { name: 'alternating.txt', now: NOW });

  it('is detected by content', () => {
    expect(format).toBe('alternating');
  });

  it('unglues the first title from Subscribe and never reads the header as a paper', () => {
    expect(papers.map((paper) => paper.title)).toEqual([
      'Robust Model-Based Optimization for Challenging Fitness Landscapes',
      'Sliced-Wasserstein Autoencoder: An Embarrassingly Simple Generative Model',
      'Balanced Data Sampling for Language Model Training with Clustering',
    ]);
    expect(papers.map((paper) => paper.line)).toEqual([3, 5, 7]);
  });

  it('pairs each title with the next line', () => {
    expect(papers.map((paper) => paper.abstract)).toEqual([lineOf(raw, 4), lineOf(raw, 6), lineOf(raw, 8)]);
    expect(papers[0].abstract).toMatch(/^Protein design, a grand challenge of the day/);
    expect(papers[0].abstract).toMatch(/Our implementation is available at https:\/\/github\.com\/sabagh1994\/PGVAE\.$/);
    expect(papers[2].abstract).toMatch(/under various training datasets and large language models\.$/);
  });

  it('keeps a title that merely starts with the word Subscriber', () => {
    const abstract = 'We study churn. '.repeat(20).trim();
    const text = ['Get trending papers in your email inbox!', 'Subscriber Churn Prediction at Scale', abstract].join('\n');
    expect(parseDump(text, { name: 'x.txt', now: NOW }).papers[0].title).toBe('Subscriber Churn Prediction at Scale');
  });
});
