// Training a reader model from 👍/👎: logistic regression over TF-IDF
// vectors of title and abstract, as arxiv-sanity-lite ranks by an SVM per
// reader. Liked papers are the positives; disliked papers and a sample of
// papers the reader did not vote on are the negatives, the sample weighted
// so that together it counts as much as the likes. Full-batch gradient
// descent from zero: the same votes always give the same model.
import type { StemCache } from '../query/index.js';
import { tokenise } from '../query/index.js';
import type { Paper } from '../types.js';
import { isCommonWord } from './common-words.js';
import { logScaled, rememberedTermCounts, type SparseVector } from './features.js';
import type { LikedPaper, ReaderModel } from './model.js';

export interface TrainingInput {
  liked: readonly Paper[];
  disliked: readonly Paper[];
  /** Papers the reader did not vote on (voted ones are left out here). */
  background: readonly Paper[];
}

const ITERATIONS = 60;
const LEARNING_RATE = 4;
const L2 = 0.002;
/** Stems in more than this share of the papers say nothing about a reader (`we`, `model`). */
const MAX_DOCUMENT_SHARE = 0.4;
const KEPT_WEIGHTS = 400;
/** Weights this small beside the largest change no ranking: they are not kept. */
const NEGLIGIBLE = 0.02;
const LIKED_TERMS = 12;
const SHOWN_WORDS = 10;
/** Words in more than this share of the papers are too ordinary to show a reader as what they like. */
const SHOWN_WORD_SHARE = 0.1;

export function trainReader(input: TrainingInput): ReaderModel {
  const stems: StemCache = new Map();
  const voted = new Set([...input.liked, ...input.disliked].map((paper) => paper.id));
  const background = input.background.filter((paper) => !voted.has(paper.id));
  const papers = [...input.liked, ...input.disliked, ...background];
  const counts = papers.map((paper) => rememberedTermCounts(paper, stems));
  const idf = inverseDocumentFrequency(counts);

  // Only the voted papers' words can carry what this reader wants or not;
  // the others would each get a small negative weight and rank nothing.
  const vocabulary = new Map<string, number>();
  for (const count of counts.slice(0, input.liked.length + input.disliked.length)) {
    for (const term of count.keys()) if (idf.has(term) && !vocabulary.has(term)) vocabulary.set(term, vocabulary.size);
  }
  const examples = counts.map((count) => weighted(logScaled(count), idf, vocabulary));
  const likes = input.liked.length;
  const backgroundWeight = background.length === 0 ? 0 : Math.max(1, likes) / background.length;
  const labels = papers.map((_, i) => (i < likes ? 1 : 0));
  const sampleWeights = papers.map((_, i) => (i < likes + input.disliked.length ? 1 : backgroundWeight));

  const { weights, bias } = fitLogistic(examples, labels, sampleWeights, vocabulary.size);
  const terms = [...vocabulary.keys()];
  const learned = new Map(terms.map((term, id) => [term, weights[id]]));
  const largest = weights.reduce((max, weight) => Math.max(max, Math.abs(weight)), 0);
  const kept = terms
    .map((term, id): [string, number] => [term, weights[id]])
    .filter(([, weight]) => Math.abs(weight) > largest * NEGLIGIBLE)
    .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]) || (a[0] < b[0] ? -1 : 1))
    .slice(0, KEPT_WEIGHTS);

  return {
    bias,
    stems: kept.map(([term]) => term),
    weights: kept.map(([, weight]) => round(weight)),
    liked: input.liked.map((paper, i) => likedPaper(paper, counts[i], idf, learned)),
    disliked: input.disliked.map((paper) => ({ id: paper.id, title: paper.title })),
    words: shownWords(kept, input, counts),
  };
}

function inverseDocumentFrequency(counts: readonly Map<string, number>[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const count of counts) for (const term of count.keys()) df.set(term, (df.get(term) ?? 0) + 1);
  const n = counts.length;
  const idf = new Map<string, number>();
  for (const [term, frequency] of df) {
    if (n >= 20 && frequency / n > MAX_DOCUMENT_SHARE) continue;
    if (/^\d+$/.test(term) || term.length < 2) continue;
    idf.set(term, Math.log((1 + n) / (1 + frequency)) + 1);
  }
  return idf;
}

/** A paper's log-scaled vector times idf, over vocabulary ids (terms outside the vocabulary are dropped). */
function weighted(vector: SparseVector<string>, idf: ReadonlyMap<string, number>, vocabulary: ReadonlyMap<string, number>): SparseVector<number> {
  const terms: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < vector.terms.length; i++) {
    const id = vocabulary.get(vector.terms[i]);
    const factor = idf.get(vector.terms[i]);
    if (id === undefined || factor === undefined) continue;
    terms.push(id);
    values.push(vector.values[i] * factor);
  }
  return { terms, values };
}

function fitLogistic(examples: SparseVector<number>[], labels: number[], sampleWeights: number[], size: number): { weights: Float64Array; bias: number } {
  // Flattened into typed arrays: the loop below runs a hundred times over every example.
  const offsets = new Int32Array(examples.length + 1);
  for (let i = 0; i < examples.length; i++) offsets[i + 1] = offsets[i] + examples[i].terms.length;
  const terms = new Int32Array(offsets[examples.length]);
  const values = new Float64Array(offsets[examples.length]);
  for (let i = 0; i < examples.length; i++) {
    terms.set(examples[i].terms, offsets[i]);
    values.set(examples[i].values, offsets[i]);
  }
  const weights = new Float64Array(size);
  const gradient = new Float64Array(size);
  let bias = 0;
  const total = sampleWeights.reduce((sum, weight) => sum + weight, 0) || 1;
  for (let iteration = 0; iteration < ITERATIONS; iteration++) {
    gradient.fill(0);
    let biasGradient = 0;
    for (let i = 0; i < examples.length; i++) {
      const end = offsets[i + 1];
      let margin = bias;
      for (let k = offsets[i]; k < end; k++) margin += weights[terms[k]] * values[k];
      const error = (sigmoid(margin) - labels[i]) * sampleWeights[i];
      biasGradient += error;
      for (let k = offsets[i]; k < end; k++) gradient[terms[k]] += error * values[k];
    }
    for (let j = 0; j < size; j++) weights[j] -= LEARNING_RATE * (gradient[j] / total + L2 * weights[j]);
    bias -= LEARNING_RATE * (biasGradient / total);
  }
  return { weights, bias: round(bias) };
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** A liked paper's terms that the model learned to like, for telling which liked paper a suggestion resembles. */
function likedPaper(paper: Paper, counts: Map<string, number>, idf: ReadonlyMap<string, number>, learned: ReadonlyMap<string, number>): LikedPaper {
  const vector = logScaled(counts);
  const terms = vector.terms
    .map((term, i): [string, number] => [term, (learned.get(term) ?? 0) > 0 ? vector.values[i] * (idf.get(term) ?? 0) : 0])
    .filter(([, weight]) => weight > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, LIKED_TERMS);
  return { id: paper.id, title: paper.title, stems: terms.map(([term]) => term), weights: terms.map(([, weight]) => round(weight)) };
}

/**
 * The strongest stems for and against, each spelled as the voted papers
 * spell it most often: only words that several of the liked (or disliked)
 * papers share, that few papers use at all, and that are not common
 * English words, so that a reader sees "quantization", not "two" or "upon".
 */
function shownWords(weights: readonly [string, number][], input: TrainingInput, counts: readonly Map<string, number>[]): ReaderModel['words'] {
  const documentFrequency = new Map<string, number>();
  for (const count of counts) for (const term of count.keys()) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  const pick = (papers: readonly Paper[], sign: 1 | -1): string[] => {
    if (papers.length === 0) return [];
    const spellings = new Map<string, Map<string, number>>();
    const papersWith = new Map<string, number>();
    for (const paper of papers) {
      const seen = new Set<string>();
      for (const token of [...tokenise(paper.title), ...tokenise(paper.abstract)]) {
        const forms = spellings.get(token.stem) ?? new Map<string, number>();
        forms.set(token.word, (forms.get(token.word) ?? 0) + 1);
        spellings.set(token.stem, forms);
        seen.add(token.stem);
      }
      for (const stem of seen) papersWith.set(stem, (papersWith.get(stem) ?? 0) + 1);
    }
    const shared = Math.min(2, papers.length);
    return weights
      .filter(([stem, weight]) => weight * sign > 0 && (papersWith.get(stem) ?? 0) >= shared && (documentFrequency.get(stem) ?? 0) <= Math.max(1, counts.length * SHOWN_WORD_SHARE) && stem.length > 2)
      .map(([stem]) => [...spellings.get(stem)!].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0])
      .filter((word) => !isCommonWord(word))
      .slice(0, SHOWN_WORDS);
  };
  return { more: pick(input.liked, 1), less: pick(input.disliked, -1) };
}

function round(value: number): number {
  return Math.round(value * 1e5) / 1e5;
}
