// A paper as the reader model sees it: the stems of its title (counted
// twice, a title says more per word) and abstract, each weighted by
// 1 + ln(count) and scaled to unit length. The same definition serves
// training (from the paper's text) and scoring (from a batch's index), so a
// model trained on one scores the other alike.
import { tokenise, type StemCache } from '../query/index.js';
import type { Paper } from '../types.js';

/** A sparse vector: parallel arrays of terms and their weights. */
export interface SparseVector<T> {
  terms: T[];
  values: number[];
}

const TITLE_WEIGHT = 2;

/** Stem counts of a paper's text, title words counted twice. */
export function termCounts(paper: Pick<Paper, 'title' | 'abstract'>, stems?: StemCache): Map<string, number> {
  const counts = new Map<string, number>();
  for (const token of tokenise(paper.title, stems)) counts.set(token.stem, (counts.get(token.stem) ?? 0) + TITLE_WEIGHT);
  for (const token of tokenise(paper.abstract, stems)) counts.set(token.stem, (counts.get(token.stem) ?? 0) + 1);
  return counts;
}

/** Counts → 1 + ln(count), scaled to unit length. */
export function logScaled<T>(counts: ReadonlyMap<T, number>): SparseVector<T> {
  const values = [...counts.values()];
  logScaleInPlace(values);
  return { terms: [...counts.keys()], values };
}

/** logScaled's values, computed over `values` (counts) in place. */
export function logScaleInPlace(values: { length: number; [i: number]: number }): void {
  let norm = 0;
  for (let i = 0; i < values.length; i++) {
    const value = 1 + Math.log(values[i]);
    values[i] = value;
    norm += value * value;
  }
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < values.length; i++) values[i] /= norm;
}

// Papers are plain data that nothing changes once read, so a paper object's
// counts are kept with it: training a batch of readers against one
// background sample tokenises the sample once, not once per reader.
const countsByPaper = new WeakMap<object, Map<string, number>>();

/** termCounts, remembered per paper object (which must not be changed afterwards). */
export function rememberedTermCounts(paper: Pick<Paper, 'title' | 'abstract'>, stems?: StemCache): Map<string, number> {
  let counts = countsByPaper.get(paper);
  if (counts === undefined) {
    counts = termCounts(paper, stems);
    countsByPaper.set(paper, counts);
  }
  return counts;
}
