// A query's matches in rank order, sorted only as far as someone reads them.
// A digest shows the best twenty of a few lists, so fully sorting every
// distinct query's hundreds of matches would be most of the matching time.
import type { Bitset } from './bitset.js';
import type { HitDetails } from './score.js';

const FIRST_BLOCK = 32;
const INSERTION_SORT_MAX = 16;

export class RankedHits {
  /** The papers the query matches, as a set. */
  readonly set: Bitset;
  readonly size: number;
  readonly details: (ordinal: number) => HitDetails;
  /**
   * Paper ordinals and scores, parallel: [0, sorted) is the final ranking,
   * the rest all rank below it, in no order. Read directly by hot loops,
   * which call `sortThrough` before reading past `sorted`.
   */
  readonly ordinals: Int32Array;
  readonly scores: Float64Array;
  readonly #order: Int32Array;
  #sorted = 0;

  /** `ordinals` and `scores` are parallel and are reordered in place. */
  constructor(
    set: Bitset,
    ordinals: Int32Array,
    scores: Float64Array,
    tieOrder: Int32Array,
    details: (ordinal: number) => HitDetails,
  ) {
    this.set = set;
    this.size = ordinals.length;
    this.details = details;
    this.ordinals = ordinals;
    this.scores = scores;
    this.#order = tieOrder;
  }

  /** How many ranks are final. */
  get sorted(): number {
    return this.#sorted;
  }

  /** The paper ordinal at `rank` (0 is the best). */
  ordinal(rank: number): number {
    if (rank >= this.#sorted) this.sortThrough(rank + 1);
    return this.ordinals[rank];
  }

  score(rank: number): number {
    if (rank >= this.#sorted) this.sortThrough(rank + 1);
    return this.scores[rank];
  }

  /** Makes at least the first `count` ranks final, sorting a block at least twice as large as the last. */
  sortThrough(count: number): void {
    const end = Math.min(this.size, Math.max(count, 2 * this.#sorted, FIRST_BLOCK));
    if (end < this.size) this.#select(this.#sorted, this.size - 1, end);
    this.#quicksort(this.#sorted, end - 1);
    this.#sorted = end;
  }

  /** Rearranges [low, high] so that the entries before `boundary` all rank above those after it. */
  #select(low: number, high: number, boundary: number): void {
    while (high > low) {
      const split = this.#partition(low, high);
      if (split === boundary || split === boundary - 1) return;
      if (split < boundary) low = split + 1;
      else high = split - 1;
    }
  }

  #quicksort(low: number, high: number): void {
    while (high - low > INSERTION_SORT_MAX) {
      const split = this.#partition(low, high);
      // Recurse on the smaller side so that the stack stays logarithmic.
      if (split - low < high - split) {
        this.#quicksort(low, split - 1);
        low = split + 1;
      } else {
        this.#quicksort(split + 1, high);
        high = split - 1;
      }
    }
    for (let i = low + 1; i <= high; i++) {
      for (let j = i; j > low && this.#before(j, j - 1); j--) this.#swap(j, j - 1);
    }
  }

  /** Lomuto partition around the middle entry; returns the pivot's final place. */
  #partition(low: number, high: number): number {
    this.#swap((low + high) >>> 1, high);
    let store = low;
    for (let i = low; i < high; i++) {
      if (this.#before(i, high)) this.#swap(i, store++);
    }
    this.#swap(store, high);
    return store;
  }

  /** Whether entry `a` ranks above entry `b`: higher score, then earlier in the tie-break order. */
  #before(a: number, b: number): boolean {
    const scores = this.scores;
    if (scores[a] !== scores[b]) return scores[a] > scores[b];
    return this.#order[this.ordinals[a]] < this.#order[this.ordinals[b]];
  }

  #swap(a: number, b: number): void {
    const ordinals = this.ordinals;
    const scores = this.scores;
    const ordinal = ordinals[a];
    ordinals[a] = ordinals[b];
    ordinals[b] = ordinal;
    const score = scores[a];
    scores[a] = scores[b];
    scores[b] = score;
  }
}
