// What one term contributes to one paper's score and highlights. Thousands of
// distinct topics are built from a few hundred terms, so this is computed once
// per (term, paper) and shared by every query that holds the term.
import type { Highlight } from '../types.js';
import { count } from './bitset.js';
import type { SetEvaluator } from './evaluate.js';
import { mergeSpans, NO_HIGHLIGHTS } from './highlights.js';
import type { PaperIndex, TextField } from './paper-index.js';
import { fieldsOf, itemTest, occurrences, termKey, type ItemTest, type Term } from './terms.js';

const K1 = 1.2;
const FIELD_WEIGHT: Record<TextField, number> = { title: 3, abstract: 1 };
// Titles vary little in length, and a long title should not make a title hit
// worth less than an abstract hit: weak length normalisation there.
const LENGTH_NORMALISATION: Record<TextField, number> = { title: 0.3, abstract: 0.75 };

/** Bits of `TermHit.fields` and `HitDetails.fields`. */
export const IN_TITLE = 1;
export const IN_ABSTRACT = 2;

export interface TermHit {
  /** Σ over fields of fieldWeight × idf × tf·(k1+1) / (tf + k1·(1 − b + b·len/avgLen)). */
  score: number;
  /** IN_TITLE | IN_ABSTRACT where the term occurs; 0 when it does not. */
  fields: number;
  /** Where it occurs: sorted, merged, frozen, and shared by every query that shows it. */
  highlights: readonly Highlight[];
}

/** A term resolved against the index, with its per-paper results so far. */
export interface TermEntry {
  term: Term;
  tests: ItemTest[];
  idf: number;
  byPaper: (TermHit | undefined)[];
}

export class TermScores {
  readonly #index: PaperIndex;
  readonly #evaluator: SetEvaluator;
  readonly #entries = new Map<string, TermEntry>();

  constructor(index: PaperIndex, evaluator: SetEvaluator) {
    this.#index = index;
    this.#evaluator = evaluator;
  }

  hit(entry: TermEntry, ordinal: number): TermHit {
    return (entry.byPaper[ordinal] ??= this.#compute(entry, ordinal));
  }

  entry(term: Term): TermEntry {
    const key = termKey(term);
    let entry = this.#entries.get(key);
    if (entry === undefined) {
      const size = this.#index.papers.length;
      const df = count(this.#evaluator.termSet(term));
      entry = {
        term,
        tests: term.items.map((item) => itemTest(this.#index, item)),
        idf: Math.log(1 + (size - df + 0.5) / (df + 0.5)),
        byPaper: new Array(size),
      };
      this.#entries.set(key, entry);
    }
    return entry;
  }

  #compute(entry: TermEntry, ordinal: number): TermHit {
    const hit = { score: 0, fields: 0, highlights: NO_HIGHLIGHTS };
    const spans: Record<TextField, number[]> = { title: [], abstract: [] };
    for (const field of fieldsOf(entry.term.field)) {
      const { texts, averageLength } = this.#index.fields[field];
      const text = texts[ordinal];
      const found = occurrences(text, entry.tests);
      if (found.length === 0) continue;
      const b = LENGTH_NORMALISATION[field];
      const lengthRatio = averageLength === 0 ? 1 : text.stems.length / averageLength;
      const saturation = (found.length * (K1 + 1)) / (found.length + K1 * (1 - b + b * lengthRatio));
      hit.score += FIELD_WEIGHT[field] * entry.idf * saturation;
      hit.fields |= field === 'title' ? IN_TITLE : IN_ABSTRACT;
      for (const position of found) {
        spans[field].push(text.starts[position], text.ends[position + entry.tests.length - 1]);
      }
    }
    if (hit.fields !== 0) {
      const highlights = [...mergeSpans('title', spans.title), ...mergeSpans('abstract', spans.abstract)];
      hit.highlights = Object.freeze(highlights.map((highlight) => Object.freeze(highlight)));
    }
    return hit;
  }
}
