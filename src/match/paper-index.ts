// The per-batch index: every word of every paper, by field, as postings over
// paper ordinals (the paper's position in the batch), plus each field's word
// sequence so that phrases and highlights can be checked on the matches only.
import { foldWord, scanWords, stemWord } from '../query/index.js';
import type { Paper } from '../types.js';
import { tieOrder } from './tie-order.js';

export type TextField = 'title' | 'abstract';
export const TEXT_FIELDS: readonly TextField[] = ['title', 'abstract'];

/** One field of one paper: per word position, its offsets and its ids. */
export interface FieldText {
  starts: Int32Array;
  ends: Int32Array;
  stems: Int32Array;
  words: Int32Array;
}

export interface FieldIndex {
  /** By paper ordinal. */
  texts: FieldText[];
  /** By stem id: the ordinals of the papers whose field holds the stem, ascending. */
  stemPostings: Int32Array[];
  /** By word id: likewise for the unstemmed word. */
  wordPostings: Int32Array[];
  averageLength: number;
}

/** Built once per batch by `buildIndex`; read-only afterwards. */
export interface PaperIndex {
  readonly papers: readonly Paper[];
  /** Paper id → ordinal. */
  readonly ordinalOf: ReadonlyMap<string, number>;
  readonly stemIds: ReadonlyMap<string, number>;
  /** Unstemmed words by word id. */
  readonly words: readonly string[];
  /** Word ids sorted by their word, so a prefix is one contiguous range. */
  readonly sortedWordIds: Int32Array;
  readonly fields: Readonly<Record<TextField, FieldIndex>>;
  /** Position of each paper in the tie-break order (upvotes, then recency). */
  readonly tieOrder: Int32Array;
}

const NONE = new Int32Array(0);

export function buildIndex(papers: readonly Paper[]): PaperIndex {
  const lexicon = new Lexicon();
  const fields = {
    title: buildField(papers.map((paper) => paper.title), lexicon),
    abstract: buildField(papers.map((paper) => paper.abstract), lexicon),
  };
  const words = lexicon.words.list;
  const sortedWordIds = Int32Array.from(words.keys()).sort((a, b) => (words[a] < words[b] ? -1 : 1));
  return {
    papers,
    ordinalOf: new Map(papers.map((paper, ordinal) => [paper.id, ordinal])),
    stemIds: lexicon.stems.ids,
    words,
    sortedWordIds,
    fields,
    tieOrder: tieOrder(papers),
  };
}

/** The postings of `id`, empty when the field never holds it. */
export function postings(lists: Int32Array[], id: number | undefined): Int32Array {
  return id === undefined ? NONE : (lists[id] ?? NONE);
}

function buildField(texts: string[], lexicon: Lexicon): FieldIndex {
  const stemPostings: number[][] = [];
  const wordPostings: number[][] = [];
  let totalLength = 0;
  const fieldTexts = texts.map((text, ordinal): FieldText => {
    const starts: number[] = [];
    const ends: number[] = [];
    const stems: number[] = [];
    const words: number[] = [];
    scanWords(text, (raw, start) => {
      const entry = lexicon.entry(raw);
      if (entry === undefined) return;
      starts.push(start);
      ends.push(start + raw.length);
      stems.push(post(stemPostings, entry.stem, ordinal));
      words.push(post(wordPostings, entry.word, ordinal));
    });
    totalLength += starts.length;
    return {
      starts: Int32Array.from(starts),
      ends: Int32Array.from(ends),
      stems: Int32Array.from(stems),
      words: Int32Array.from(words),
    };
  });
  return {
    texts: fieldTexts,
    stemPostings: Array.from(stemPostings, (list) => (list === undefined ? NONE : Int32Array.from(list))),
    wordPostings: Array.from(wordPostings, (list) => (list === undefined ? NONE : Int32Array.from(list))),
    averageLength: texts.length === 0 ? 0 : totalLength / texts.length,
  };
}

/** Records that paper `ordinal` holds term `id`; ordinals arrive in order, so lists stay sorted. */
function post(lists: number[][], id: number, ordinal: number): number {
  const list = (lists[id] ??= []);
  if (list[list.length - 1] !== ordinal) list.push(ordinal);
  return id;
}

/**
 * Word and stem ids by the word as written. A batch repeats a few thousand
 * words, so each is folded and stemmed once (like `tokenise`, which the
 * naive evaluation uses: the property tests hold the two together).
 */
class Lexicon {
  readonly stems = new Vocabulary();
  readonly words = new Vocabulary();
  readonly #byRaw = new Map<string, { word: number; stem: number } | null>();

  /** The ids of a raw word, or undefined when it folds to nothing. */
  entry(raw: string): { word: number; stem: number } | undefined {
    let entry = this.#byRaw.get(raw);
    if (entry === undefined) {
      const word = foldWord(raw);
      entry = word === '' ? null : { word: this.words.id(word), stem: this.stems.id(stemWord(raw, word)) };
      this.#byRaw.set(raw, entry);
    }
    return entry ?? undefined;
  }
}

class Vocabulary {
  readonly ids = new Map<string, number>();
  readonly list: string[] = [];

  id(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      id = this.list.length;
      this.ids.set(term, id);
      this.list.push(term);
    }
    return id;
  }
}
