import { describe, expect, it } from 'vitest';
import { trainReader, type ReaderModel } from '../../../src/learn/index.js';
import { decodeReaderModel, encodeReaderModel } from '../../../src/store/stored-model.js';
import type { Paper } from '../../../src/types.js';

function paper(id: string, title: string, abstract: string): Paper {
  return { id, title, abstract, authors: [], authorsCount: null, publishedAt: null, upvotes: null, url: null, arxivId: null, firstSeenAt: '2026-11-23T06:00:00Z' };
}

function trained(): ReaderModel {
  return trainReader({
    liked: [paper('r1', 'Robot grasping with tactile sensing', 'A robot learns to grasp objects by touch.'), paper('r2', 'Legged robots walk on rough terrain', 'Quadruped robot locomotion learned in simulation.')],
    disliked: [paper('v1', 'Image segmentation with transformers', 'Vision transformers segment images.')],
    background: [paper('b1', 'Weather forecasting on graphs', 'Graph networks forecast the weather.'), paper('b2', 'Protein folding', 'Predicting protein structure.')],
  });
}

describe('stored reader models', () => {
  it('read back as the model they were', () => {
    const model = trained();
    expect(model.stems.length).toBeGreaterThan(3);
    expect(model.liked[0].stems.length).toBeGreaterThan(0);
    expect(decodeReaderModel(encodeReaderModel(model))).toEqual(model);
  });

  it('keep their stems as one string, not a pair per stem', () => {
    const stored = JSON.parse(encodeReaderModel(trained())) as { v: number; stems: unknown; liked: { stems: unknown }[] };
    expect(stored.v).toBe(2);
    expect(typeof stored.stems).toBe('string');
    expect(typeof stored.liked[0].stems).toBe('string');
  });

  it('read a model with no stems (every weight negligible) as one with none, not one empty stem', () => {
    const empty: ReaderModel = { bias: 0, stems: [], weights: [], liked: [{ id: 'r1', title: 'A', stems: [], weights: [] }], disliked: [], words: { more: [], less: [] } };
    expect(decodeReaderModel(encodeReaderModel(empty))).toEqual(empty);
  });

  it('still read the models stored before, as pairs of stem and weight', () => {
    const before = JSON.stringify({
      v: 1,
      bias: -1.5,
      weights: [['robot', 0.9], ['imag', -0.4]],
      liked: [{ id: 'r1', title: 'Robot grasping', terms: [['grasp', 0.7], ['robot', 0.5]] }],
      disliked: [{ id: 'v1', title: 'Image segmentation' }],
      words: { more: ['robot'], less: ['images'] },
    });
    expect(decodeReaderModel(before)).toEqual({
      bias: -1.5,
      stems: ['robot', 'imag'],
      weights: [0.9, -0.4],
      liked: [{ id: 'r1', title: 'Robot grasping', stems: ['grasp', 'robot'], weights: [0.7, 0.5] }],
      disliked: [{ id: 'v1', title: 'Image segmentation' }],
      words: { more: ['robot'], less: ['images'] },
    });
  });

  it('read a row this version cannot read as no model, not as an error: the reader ranks by topics until their next vote', () => {
    const good = JSON.parse(encodeReaderModel(trained())) as Record<string, unknown>;
    const rows = [
      'not JSON',
      'null',
      JSON.stringify({ ...good, v: 3 }),
      JSON.stringify({ ...good, stems: ['robot'] }),
      JSON.stringify({ ...good, stems: 'robot imag', weights: [0.9] }),
      JSON.stringify({ ...good, weights: (good.weights as number[]).map(String) }),
      JSON.stringify({ ...good, liked: 'r1' }),
      JSON.stringify({ v: 1, bias: -0.25, weights: { diffusion: 1.5 }, liked: [], disliked: [], words: { more: [], less: [] } }),
    ];
    for (const row of rows) expect(decodeReaderModel(row), row.slice(0, 60)).toBeNull();
    expect(decodeReaderModel(JSON.stringify(good))).not.toBeNull();
  });
});
