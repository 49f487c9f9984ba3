import { describe, expect, it } from 'vitest';
import { fingerprint } from '../../../src/ingest/fingerprint.js';
import { isHeaderLine } from '../../../src/ingest/header.js';
import { parseDump } from '../../../src/ingest/parse.js';
import { fixture, NOW, sample } from './helpers.js';

// The four real dumps (examples/dumps holds byte-identical copies of them).
// Counted by reading the files, independently of the parser:
// - 000: 225 lines = 10 header lines, then 54 × (title, blank, abstract, blank), the last blank missing.
// - 001: 293 lines = 10 header lines, then 71 × 4 lines, the last blank missing.
// - 002: 419 lines = 12 header lines, then 51 × (title, blank, abstract, blank, authors, `·`, date, blank), the last blank missing.
// - 003: 582 lines = 2 header lines, then 290 × (title, abstract), the first title glued to `Subscribe`.
// Every abstract is over 300 characters and no other line is, which gives the oracle below.
const SAMPLES = [
  { file: '000_0c769479ae1c3d29.txt', format: 'blank-pairs', count: 54, first: 'TACO: Temporal Latent Action-Driven Contrastive Loss for Visual Reinforcement Learning' },
  { file: '001_dd7c9abcc611879b.txt', format: 'blank-pairs', count: 71, first: 'PEneo: Unifying Line Extraction, Line Grouping, and Entity Linking for End-to-end Document Pair Extraction' },
  { file: '002_49ffcd98afca2fae.txt', format: 'metadata-pairs', count: 51, first: 'Nature-Inspired Population-Based Evolution of Large Language Models' },
  { file: '003_bc52bc08a6a3574b.txt', format: 'alternating', count: 290, first: 'Robust Model-Based Optimization for Challenging Fitness Landscapes' },
] as const;

const longLines = (bytes: Buffer) => bytes.toString().split('\n').filter((line) => line.length > 300).length;

describe('the sample dumps, in full', () => {
  for (const { file, format, count, first } of SAMPLES) {
    it(`${file}: ${count} ${format} papers`, () => {
      const bytes = sample(file);
      expect(longLines(bytes)).toBe(count);
      const parsed = parseDump(bytes, { name: file, now: NOW });
      expect(parsed.format).toBe(format);
      expect(parsed.papers).toHaveLength(count);
      expect(parsed.papers[0].title).toBe(first);
      for (const paper of parsed.papers) {
        expect(isHeaderLine(paper.title)).toBe(false);
        expect(paper.abstract.length).toBeGreaterThan(300);
      }
    });
  }

  it('002 gives every paper its authors and date', () => {
    const { papers } = parseDump(sample(SAMPLES[2].file), { name: '002', now: NOW });
    expect(papers.every((paper) => paper.authorsCount !== null && paper.publishedAt !== null)).toBe(true);
    expect(papers.filter((paper) => paper.upvotes === 2)).toHaveLength(8);
    expect(papers.at(-1)).toMatchObject({ authorsCount: 4, publishedAt: '2023-07-05', line: 413 });
  });

  it('all four, concatenated, read as one dump: headers in the middle are skipped, not read as papers', () => {
    const all = SAMPLES.map(({ file }) => sample(file).toString()).join('\n');
    const { papers } = parseDump(all, { name: 'all.txt', now: NOW });
    expect(papers).toHaveLength(54 + 71 + 51 + 290);
    expect(papers[54 + 71 + 51].title).toBe(SAMPLES[3].first);
    const twice = [SAMPLES[0], SAMPLES[1]].map(({ file }) => sample(file).toString()).join('\n');
    expect(parseDump(twice, { name: 'two.txt', now: NOW })).toMatchObject({ format: 'blank-pairs', papers: { length: 54 + 71 } });
  });

  it('finds the papers that repeat across dumps under one id', () => {
    const ids = new Map<string, Set<string>>();
    for (const { file } of SAMPLES) {
      for (const paper of parseDump(sample(file), { name: file, now: NOW }).papers) {
        const files = ids.get(fingerprint(paper.title)) ?? new Set();
        ids.set(fingerprint(paper.title), files.add(file));
      }
    }
    expect(ids.size).toBe(428);
    const adaptive = ids.get(fingerprint('Adaptive Sampling Strategies to Construct Equitable Training Datasets'));
    expect([...adaptive!]).toEqual([SAMPLES[0].file, SAMPLES[2].file, SAMPLES[3].file]);
  });
});

describe('the integration fixtures', () => {
  it('good-a (blank-pairs) and good-b (metadata-pairs) share exactly one paper', () => {
    const a = parseDump(fixture('good-a.txt'), { name: 'good-a.txt', now: NOW });
    const b = parseDump(fixture('good-b.txt'), { name: 'good-b.txt', now: NOW });
    expect([a.format, a.papers.length, b.format, b.papers.length]).toEqual(['blank-pairs', 2, 'metadata-pairs', 2]);
    const ids = new Set(a.papers.map((paper) => fingerprint(paper.title)));
    const shared = b.papers.filter((paper) => ids.has(fingerprint(paper.title)));
    expect(shared.map((paper) => paper.title)).toEqual(['Adaptive Sampling Strategies to Construct Equitable Training Datasets']);
  });
});
