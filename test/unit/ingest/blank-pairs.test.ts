import { describe, expect, it } from 'vitest';
import { parseDump } from '../../../src/ingest/parse.js';
import { fixture, lineOf, NOW } from './helpers.js';

// blank-pairs.txt: the page header of 000 (lines 1–9), then three papers cut
// from it, titles on lines 11, 15 and 19 and abstracts two lines below each.
describe('blank-pairs layout', () => {
  const raw = fixture('blank-pairs.txt');
  const { format, papers } = parseDump(raw, { name: 'blank-pairs.txt', now: NOW });

  it('is detected by content', () => {
    expect(format).toBe('blank-pairs');
    expect(parseDump(raw, { name: 'anything.json', now: NOW }).format).toBe('blank-pairs');
  });

  it('reads every title with its abstract, and never the page header', () => {
    expect(papers.map((paper) => paper.title)).toEqual([
      'TACO: Temporal Latent Action-Driven Contrastive Loss for Visual Reinforcement Learning',
      'Sharper Bounds for ell_p Sensitivity Sampling',
      'Inference Scaling scriptsizeFLaws: The Limits of LLM Resampling with Imperfect Verifiers',
    ]);
    expect(papers.map((paper) => paper.line)).toEqual([11, 15, 19]);
    expect(papers.map((paper) => paper.abstract)).toEqual([lineOf(raw, 13), lineOf(raw, 17), lineOf(raw, 21)]);
    expect(papers[0].abstract).toMatch(/^Despite recent progress in reinforcement learning \(RL\) from raw pixel data/);
    expect(papers[2].abstract).toMatch(/such as poor adherence to coding style conventions\.$/);
  });

  it('has no metadata to give', () => {
    for (const paper of papers) {
      expect(paper).toMatchObject({ authorsCount: null, publishedAt: null, upvotes: null, url: null, arxivId: null });
    }
  });
});
