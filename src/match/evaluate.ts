// Evaluates query trees with set operations on postings, never by reading the
// papers' text, except to confirm that a phrase's words are adjacent. Sets are
// remembered by subtree key: topics share terms and whole subtrees.
import type { PhraseItem, QueryNode } from '../query/index.js';
import { add, complement, emptySet, fromSorted, intersect, members, union, type Bitset } from './bitset.js';
import { postings, type PaperIndex, type TextField } from './paper-index.js';
import { fieldsOf, itemTest, occursIn, prefixWordIds, termKey, termOf, type Term } from './terms.js';

export class SetEvaluator {
  readonly #index: PaperIndex;
  readonly #size: number;
  /** By subtree key; a leaf's key is its term's key. */
  readonly #sets = new Map<string, Bitset>();

  constructor(index: PaperIndex) {
    this.#index = index;
    this.#size = index.papers.length;
  }

  /** The papers the subtree matches. */
  setOf(node: QueryNode): Bitset {
    let set = this.#sets.get(node.key);
    if (set === undefined) {
      set = this.#compute(node);
      this.#sets.set(node.key, set);
    }
    return set;
  }

  termSet(term: Term): Bitset {
    const key = termKey(term);
    let set = this.#sets.get(key);
    if (set === undefined) {
      set = fieldsOf(term.field)
        .map((field) => this.#termSetIn(term, field))
        .reduce((a, b) => union(a, b));
      this.#sets.set(key, set);
    }
    return set;
  }

  #compute(node: QueryNode): Bitset {
    switch (node.type) {
      case 'not':
        return complement(this.setOf(node.child), this.#size);
      case 'and':
        return node.children.map((child) => this.setOf(child)).reduce((a, b) => intersect(a, b));
      case 'or':
        return node.children.map((child) => this.setOf(child)).reduce((a, b) => union(a, b));
      default:
        return this.termSet(termOf(node));
    }
  }

  #termSetIn(term: Term, field: TextField): Bitset {
    const itemSets = term.items.map((item) => this.#itemSet(item, field));
    if (itemSets.length === 1) return itemSets[0];
    const candidates = itemSets.reduce((a, b) => intersect(a, b));
    const tests = term.items.map((item) => itemTest(this.#index, item));
    const texts = this.#index.fields[field].texts;
    const confirmed = emptySet(this.#size);
    for (const ordinal of members(candidates)) {
      if (occursIn(texts[ordinal], tests)) add(confirmed, ordinal);
    }
    return confirmed;
  }

  #itemSet(item: PhraseItem, field: TextField): Bitset {
    const lists = this.#index.fields[field];
    if (item.kind === 'word') {
      return fromSorted(this.#size, postings(lists.stemPostings, this.#index.stemIds.get(item.stem)));
    }
    const set = emptySet(this.#size);
    for (const id of prefixWordIds(this.#index, item.prefix)) {
      for (const ordinal of postings(lists.wordPostings, id)) add(set, ordinal);
    }
    return set;
  }
}
