// What is kept of a reader model (reader_models.model): JSON, read once per
// voter per run. A model's stems are one space-separated string and its
// weights one array of numbers, not an array of [stem, weight] pairs, each
// pair an array of its own to parse. A stem is letters and digits only
// (query/tokenise.ts), so a space never occurs in one. Rows written before
// (pairs, "v": 1) still read.

import type { LikedPaper, ReaderModel } from '../learn/index.js';

const FORMAT = 2;

interface StoredModel {
  v: typeof FORMAT;
  bias: number;
  stems: string;
  weights: number[];
  liked: { id: string; title: string; stems: string; weights: number[] }[];
  disliked: ReaderModel['disliked'];
  words: ReaderModel['words'];
}

/** The model before: pairs of stem and weight. */
interface PairsModel {
  v?: 1;
  bias: number;
  weights: [string, number][];
  liked: { id: string; title: string; terms: [string, number][] }[];
  disliked: ReaderModel['disliked'];
  words: ReaderModel['words'];
}

export function encodeReaderModel(model: ReaderModel): string {
  const stored: StoredModel = {
    v: FORMAT,
    bias: model.bias,
    stems: model.stems.join(' '),
    weights: model.weights,
    liked: model.liked.map((paper) => ({ id: paper.id, title: paper.title, stems: paper.stems.join(' '), weights: paper.weights })),
    disliked: model.disliked,
    words: model.words,
  };
  return JSON.stringify(stored);
}

/**
 * The model, or null when the row holds none this version can read (a
 * later format, or a row edited by hand): the reader's digests then rank by
 * their topics alone until their next vote trains a new one.
 */
export function decodeReaderModel(json: string): ReaderModel | null {
  try {
    const stored = JSON.parse(json) as StoredModel | PairsModel;
    const model = stored.v === FORMAT ? fromStems(stored) : stored.v === undefined || stored.v === 1 ? fromPairs(stored) : null;
    return model && wellFormed(model) ? model : null;
  } catch {
    // Not JSON, or not shaped as either format.
    return null;
  }
}

function fromStems(stored: StoredModel): ReaderModel {
  return {
    bias: stored.bias,
    stems: splitStems(stored.stems),
    weights: stored.weights,
    liked: stored.liked.map((paper): LikedPaper => ({ id: paper.id, title: paper.title, stems: splitStems(paper.stems), weights: paper.weights })),
    disliked: stored.disliked,
    words: stored.words,
  };
}

function fromPairs(stored: PairsModel): ReaderModel {
  return {
    bias: stored.bias,
    stems: stored.weights.map(([stem]) => stem),
    weights: stored.weights.map(([, weight]) => weight),
    liked: stored.liked.map((paper): LikedPaper => ({ id: paper.id, title: paper.title, stems: paper.terms.map(([stem]) => stem), weights: paper.terms.map(([, weight]) => weight) })),
    disliked: stored.disliked,
    words: stored.words,
  };
}

function wellFormed(model: ReaderModel): boolean {
  const weighted = (stems: unknown[], weights: unknown[]) => stems.length === weights.length && stems.every((stem) => typeof stem === 'string') && weights.every((weight) => typeof weight === 'number');
  return (
    typeof model.bias === 'number' &&
    weighted(model.stems, model.weights) &&
    model.liked.every((paper) => typeof paper.id === 'string' && typeof paper.title === 'string' && weighted(paper.stems, paper.weights)) &&
    Array.isArray(model.disliked) &&
    Array.isArray(model.words?.more) &&
    Array.isArray(model.words?.less)
  );
}

function splitStems(stems: string): string[] {
  return stems === '' ? [] : stems.split(' ');
}
