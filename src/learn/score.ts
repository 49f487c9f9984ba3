// Scoring a batch of papers with a reader model. A batch's papers are turned
// into vectors once (from the match index, which already holds every stem),
// so a model costs one pass over the batch's stems per reader.
import type { PaperIndex } from '../match/index.js';
import { packArrays, packedReader, wordsOf } from '../packed-arrays.js';
import { logScaleInPlace } from './features.js';
import type { ReaderModel } from './model.js';

/** Every paper of a batch as a log-scaled unit vector over the index's stem ids, flattened. */
interface BatchVectors {
  /** Paper ordinal → its first entry in `stems`/`values`; one more entry marks the end. */
  offsets: Int32Array;
  stems: Int32Array;
  values: Float32Array;
}

/** The same vectors by stem, flattened too: for each stem id, the papers that hold it and its weight in each. */
interface StemColumns {
  /** Stem id → its first entry in `ordinals`/`values`; one more entry marks the end. */
  starts: Int32Array;
  ordinals: Int32Array;
  values: Float32Array;
}

// Built once per index: the index is read-only, so its vectors never change.
const vectorsByIndex = new WeakMap<PaperIndex, BatchVectors>();
const columnsByIndex = new WeakMap<PaperIndex, StemColumns>();

const TITLE_WEIGHT = 2;

function batchVectors(index: PaperIndex): BatchVectors {
  let vectors = vectorsByIndex.get(index);
  if (vectors) return vectors;
  const papers = index.papers.length;
  const offsets = new Int32Array(papers + 1);
  let total = 0;
  for (let ordinal = 0; ordinal < papers; ordinal++) total += index.fields.title.texts[ordinal].stems.length + index.fields.abstract.texts[ordinal].stems.length;
  const stems = new Int32Array(total);
  const values = new Float32Array(total);
  // Counts by stem id for the paper at hand, and the stems it holds in the order first met (logScaled's order).
  const counts = new Float64Array(index.stemIds.size);
  const row = new Float64Array(index.stemIds.size);
  let end = 0;
  // Indexed loops, not for…of: this runs once a run, before V8 has optimised it, and unoptimised iterators cost more.
  const add = (paperStems: Int32Array, weight: number) => {
    for (let i = 0; i < paperStems.length; i++) {
      const stem = paperStems[i];
      if (counts[stem] === 0) stems[end++] = stem;
      counts[stem] += weight;
    }
  };
  for (let ordinal = 0; ordinal < papers; ordinal++) {
    const start = end;
    add(index.fields.title.texts[ordinal].stems, TITLE_WEIGHT);
    add(index.fields.abstract.texts[ordinal].stems, 1);
    for (let k = start; k < end; k++) {
      row[k - start] = counts[stems[k]];
      counts[stems[k]] = 0;
    }
    const scaled = row.subarray(0, end - start);
    logScaleInPlace(scaled);
    values.set(scaled, start);
    offsets[ordinal] = start;
  }
  offsets[papers] = end;
  vectors = { offsets, stems: stems.slice(0, end), values: values.slice(0, end) };
  vectorsByIndex.set(index, vectors);
  return vectors;
}

function stemColumns(index: PaperIndex): StemColumns {
  let columns = columnsByIndex.get(index);
  if (columns) return columns;
  const { offsets, stems, values } = batchVectors(index);
  // Flat, not two typed arrays per stem: an index holds tens of thousands of stems.
  const stemCount = index.stemIds.size;
  const starts = new Int32Array(stemCount + 1);
  for (let k = 0; k < stems.length; k++) starts[stems[k] + 1]++;
  for (let stem = 0; stem < stemCount; stem++) starts[stem + 1] += starts[stem];
  const next = starts.slice(0, stemCount);
  const ordinals = new Int32Array(stems.length);
  const columnValues = new Float32Array(stems.length);
  for (let ordinal = 0; ordinal < index.papers.length; ordinal++) {
    for (let k = offsets[ordinal]; k < offsets[ordinal + 1]; k++) {
      const at = next[stems[k]]++;
      ordinals[at] = ordinal;
      columnValues[at] = values[k];
    }
  }
  columns = { starts, ordinals, values: columnValues };
  columnsByIndex.set(index, columns);
  return columns;
}

/** Changes whenever what batchVectors or stemColumns make does, so that vectors kept from before are never taken. */
const VECTORS_FORMAT = 1;

/**
 * An index's vectors and stem columns as bytes, to be kept with the index
 * (run/candidates.ts): a run that reads them back scores its first reader
 * with a model without making them again before its first message. Packed
 * arrays (packed-arrays.ts): the format, then the vectors' and the columns'
 * arrays, floats as their bits.
 */
export function encodeVectors(index: PaperIndex): Uint8Array {
  const vectors = batchVectors(index);
  const columns = stemColumns(index);
  const packed = packArrays([Int32Array.of(VECTORS_FORMAT), vectors.offsets, vectors.stems, bitsOf(vectors.values), columns.starts, columns.ordinals, bitsOf(columns.values)]);
  return new Uint8Array(packed.buffer);
}

/**
 * Takes the vectors that encodeVectors made of an index of these same
 * papers (kept with it, so under the same key); false, taking nothing, when
 * `data` is not such: they are then made when first needed, as without.
 */
export function adoptVectors(index: PaperIndex, data: Uint8Array): boolean {
  try {
    const { next, done } = packedReader(wordsOf(data));
    if (next()[0] !== VECTORS_FORMAT) return false;
    const [offsets, stems, values, starts, ordinals, columnValues] = [next(), next(), floatsOf(next()), next(), next(), floatsOf(next())];
    const papers = index.papers.length;
    const stemCount = index.stemIds.size;
    const entries = stems.length;
    const fits =
      done() &&
      offsets.length === papers + 1 &&
      offsets[papers] === entries &&
      values.length === entries &&
      starts.length === stemCount + 1 &&
      starts[stemCount] === entries &&
      ordinals.length === entries &&
      columnValues.length === entries;
    if (!fits) return false;
    vectorsByIndex.set(index, { offsets, stems, values });
    columnsByIndex.set(index, { starts, ordinals, values: columnValues });
    return true;
  } catch {
    // Not whole words, or a length past the end.
    return false;
  }
}

function bitsOf(values: Float32Array): Int32Array {
  return new Int32Array(values.buffer, values.byteOffset, values.length);
}

function floatsOf(bits: Int32Array): Float32Array {
  return new Float32Array(bits.buffer, bits.byteOffset, bits.length);
}

/**
 * How much more than the batch's average paper the reader wants each paper,
 * by ordinal, in standard deviations of the batch: a model trained on a
 * handful of votes is sure of little in absolute terms, but ranks well.
 */
export function readerScores(model: ReaderModel, index: PaperIndex): Float32Array {
  // By the model's stems, not by paper: a model holds a few hundred stems, each in a few papers.
  const columns = stemColumns(index);
  const scores = new Float32Array(index.papers.length);
  const { starts, ordinals, values } = columns;
  for (let i = 0; i < model.stems.length; i++) {
    const id = index.stemIds.get(model.stems[i]);
    if (id === undefined) continue;
    const weight = model.weights[i];
    for (let k = starts[id]; k < starts[id + 1]; k++) scores[ordinals[k]] += weight * values[k];
  }
  let sum = 0;
  for (const score of scores) sum += score;
  const mean = sum / (scores.length || 1);
  let variance = 0;
  for (const score of scores) variance += (score - mean) ** 2;
  const deviation = Math.sqrt(variance / (scores.length || 1)) || 1;
  for (let ordinal = 0; ordinal < scores.length; ordinal++) scores[ordinal] = (scores[ordinal] - mean) / deviation;
  return scores;
}

/**
 * For a batch's paper (by ordinal), the liked paper most like it, for a
 * "like <title>" reason; null when none shares a word the model likes with
 * it. Made once per reader and batch: the liked papers' stems are looked up
 * in the index once, however many suggestions ask.
 */
export function closestLikedIn(model: ReaderModel, index: PaperIndex): (ordinal: number) => ReaderModel['liked'][number] | null {
  const { offsets, stems, values } = batchVectors(index);
  const likedStems = model.liked.map((liked) => Int32Array.from(liked.stems, (stem) => index.stemIds.get(stem) ?? -1));
  const mine = scratchRow(index);
  return (ordinal) => {
    for (let k = offsets[ordinal]; k < offsets[ordinal + 1]; k++) mine[stems[k]] = values[k];
    let best: ReaderModel['liked'][number] | null = null;
    let bestScore = 0;
    model.liked.forEach((liked, i) => {
      const ids = likedStems[i];
      let score = 0;
      for (let j = 0; j < ids.length; j++) if (ids[j] >= 0) score += liked.weights[j] * mine[ids[j]];
      if (score > bestScore) {
        best = liked;
        bestScore = score;
      }
    });
    // Left as found (all zero) for the next paper.
    for (let k = offsets[ordinal]; k < offsets[ordinal + 1]; k++) mine[stems[k]] = 0;
    return best;
  };
}

// One row of the batch's width per index, zero between uses: a paper's vector laid out by stem id.
const rowsByIndex = new WeakMap<PaperIndex, Float64Array>();

function scratchRow(index: PaperIndex): Float64Array {
  let row = rowsByIndex.get(index);
  if (!row) rowsByIndex.set(index, (row = new Float64Array(index.stemIds.size)));
  return row;
}
