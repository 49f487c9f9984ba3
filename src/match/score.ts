// BM25-style scores for matched papers only, and their highlights only for
// the matches someone reads.
//
// A paper's score for a query is the sum, over the positive leaves that make
// it match (the satisfied sides of ORs, never what NOT excludes), of the
// leaf's term score (term-scores.ts) times a kind weight: phrases weigh more
// than loose words, and loose words that the paper holds adjacent and in order
// (`diffusion model` in "… diffusion model …") earn a phrase bonus.
//
// Scores are kept per subtree key, as sparse vectors over the subtree's
// papers: `(X) OR Y` and `X -audio` reuse the scores of X, which thousands of
// subscribers' variations of the same topic share.
import {
  isLeaf,
  leavesOf,
  type AndNode,
  type LeafNode,
  type NotNode,
  type OrNode,
  type Query,
  type QueryNode,
} from '../query/index.js';
import type { Highlight } from '../types.js';
import { has, members } from './bitset.js';
import type { SetEvaluator } from './evaluate.js';
import { combineHighlights } from './highlights.js';
import type { PaperIndex } from './paper-index.js';
import { RankedHits } from './ranked-hits.js';
import type { TermEntry, TermScores } from './term-scores.js';
import { termOf, type Term } from './terms.js';

const PHRASE_WEIGHT = 1.5;
const WORD_WEIGHT = 1;
const ADJACENT_BONUS_WEIGHT = 0.5;
const OTHER_SPELLINGS_WEIGHT = 0.5;

/** What a match shows: where and which of the query's terms occur. */
export interface HitDetails {
  /** Frozen: shared by every topic with this query. */
  highlights: readonly Highlight[];
  /** Indices (in `leavesOf` order) of the leaves that occur in the paper. */
  leaves: number[];
  /** IN_TITLE | IN_ABSTRACT: where those leaves occur. */
  fields: number;
}

/** A subtree's scores: `scores[i]` is the score of paper `ordinals[i]`; ordinals ascend. */
interface ScoreVector {
  ordinals: Int32Array;
  scores: Float64Array;
}

const NO_SCORES: ScoreVector = { ordinals: new Int32Array(0), scores: new Float64Array(0) };

/** Ranks queries against one index, remembering subtree scores and highlights by key. */
export class QueryRanker {
  readonly #index: PaperIndex;
  readonly #sets: SetEvaluator;
  readonly #terms: TermScores;
  readonly #vectors = new Map<string, ScoreVector>();

  constructor(index: PaperIndex, sets: SetEvaluator, terms: TermScores) {
    this.#index = index;
    this.#sets = sets;
    this.#terms = terms;
  }

  /** Every paper in the query's set, by score, then the tie-break order. */
  rank(query: Query): RankedHits {
    const { ordinals, scores } = this.#vector(query.root);
    // Most queries' lower ranks are never shown: explain on first use.
    let explainer: HitExplainer | undefined;
    const details = (ordinal: number) =>
      (explainer ??= new HitExplainer(this.#sets, this.#terms, query)).details(ordinal);
    // Copies: the vector may be part of other queries' scores, and ranking reorders in place.
    return new RankedHits(
      this.#sets.setOf(query.root),
      ordinals.slice(),
      scores.slice(),
      this.#index.tieOrder,
      details,
    );
  }

  #vector(node: QueryNode): ScoreVector {
    if (node.type === 'not') return NO_SCORES;
    let vector = this.#vectors.get(node.key);
    if (vector === undefined) {
      vector = this.#compute(node);
      this.#vectors.set(node.key, vector);
    }
    return vector;
  }

  #compute(node: Exclude<QueryNode, NotNode>): ScoreVector {
    const ordinals = members(this.#sets.setOf(node));
    const scores = new Float64Array(ordinals.length);
    if (isLeaf(node)) {
      addTerm(scores, ordinals, this.#terms, this.#terms.entry(termOf(node)), leafWeight(node));
      return { ordinals, scores };
    }
    if (node.type === 'or' && node.synonyms) return { ordinals, scores: this.#synonymScores(node, ordinals) };
    // A child's vector holds only the papers it matches, so summing every
    // child counts exactly the satisfied sides of an OR.
    for (const child of node.children) addVector(scores, ordinals, this.#vector(child));
    if (node.type === 'and') {
      for (const pair of adjacentPairs(node)) {
        addTerm(scores, ordinals, this.#terms, this.#terms.entry(pair), ADJACENT_BONUS_WEIGHT);
      }
    }
    return { ordinals, scores };
  }

  /**
   * One concept in several spellings (an acronym and its expansions), each
   * weighed as the reader's own word: the best spelling counts fully, the
   * others half. A paper that defines the acronym ("large language models
   * (LLMs)") uses the concept as a term of art, which says a little more
   * than one mention, but it is not a second concept beside the topic's
   * other words (`LLM reasoning` must not become mostly `LLM`).
   */
  #synonymScores(node: OrNode, ordinals: Int32Array): Float64Array {
    const weight = weightOf(node.children[0]);
    const best = new Float64Array(ordinals.length);
    const sum = new Float64Array(ordinals.length);
    for (const child of node.children) {
      const scale = weight / weightOf(child);
      const vector = this.#vector(child);
      let j = 0;
      for (let i = 0; i < ordinals.length; i++) {
        while (j < vector.ordinals.length && vector.ordinals[j] < ordinals[i]) j += 1;
        if (j === vector.ordinals.length || vector.ordinals[j] !== ordinals[i]) continue;
        const score = scale * vector.scores[j];
        best[i] = Math.max(best[i], score);
        sum[i] += score;
      }
    }
    for (let i = 0; i < ordinals.length; i++) best[i] += OTHER_SPELLINGS_WEIGHT * (sum[i] - best[i]);
    return best;
  }
}

function addVector(into: Float64Array, ordinals: Int32Array, child: ScoreVector): void {
  let j = 0;
  for (let i = 0; i < ordinals.length; i++) {
    while (j < child.ordinals.length && child.ordinals[j] < ordinals[i]) j += 1;
    if (j < child.ordinals.length && child.ordinals[j] === ordinals[i]) into[i] += child.scores[j];
  }
}

function addTerm(
  into: Float64Array,
  ordinals: Int32Array,
  terms: TermScores,
  entry: TermEntry,
  weight: number,
): void {
  for (let i = 0; i < ordinals.length; i++) into[i] += weight * terms.hit(entry, ordinals[i]).score;
}

function leafWeight(leaf: LeafNode): number {
  return leaf.type === 'phrase' ? PHRASE_WEIGHT : WORD_WEIGHT;
}

function weightOf(node: QueryNode): number {
  return isLeaf(node) ? leafWeight(node) : WORD_WEIGHT;
}

/** For `diffusion model`, the pair as a phrase: a bonus where the paper holds it. Synonyms pair as the reader's word. */
function adjacentPairs(node: AndNode): Term[] {
  const pairs: Term[] = [];
  const typed = node.children.map((child) => (child.type === 'or' && child.synonyms ? child.children[0] : child));
  typed.forEach((child, i) => {
    const next = typed[i + 1];
    if (child.type !== 'word' || next?.type !== 'word' || child.field !== next.field) return;
    pairs.push({ field: child.field, items: [...termOf(child).items, ...termOf(next).items] });
  });
  return pairs;
}

/** Highlights and the terms behind a match, computed when a match is shown. */
class HitExplainer {
  readonly #sets: SetEvaluator;
  readonly #terms: TermScores;
  readonly #root: QueryNode;
  readonly #leaves = new Map<LeafNode, { entry: TermEntry; leaf: number }>();
  readonly #pairs = new Map<AndNode, TermEntry[]>();
  readonly #details = new Map<number, HitDetails>();

  constructor(sets: SetEvaluator, terms: TermScores, query: Query) {
    this.#sets = sets;
    this.#terms = terms;
    this.#root = query.root;
    leavesOf(query.root).forEach((leaf, position) => {
      this.#leaves.set(leaf, { entry: terms.entry(termOf(leaf)), leaf: position });
    });
  }

  details(ordinal: number): HitDetails {
    let details = this.#details.get(ordinal);
    if (details === undefined) {
      details = this.#compute(ordinal);
      this.#details.set(ordinal, details);
    }
    return details;
  }

  #compute(ordinal: number): HitDetails {
    const lists: (readonly Highlight[])[] = [];
    const leaves: number[] = [];
    let fields = 0;
    this.#visit(this.#root, ordinal, (entry, leaf) => {
      const termHit = this.#terms.hit(entry, ordinal);
      lists.push(termHit.highlights);
      if (leaf === -1 || termHit.fields === 0 || leaves.includes(leaf)) return;
      fields |= termHit.fields;
      leaves.push(leaf);
    });
    return { highlights: combineHighlights(lists), leaves: leaves.sort((a, b) => a - b), fields };
  }

  /** Calls `found` for each term that makes the paper match, with its leaf index (-1 for a bonus). */
  #visit(node: QueryNode, ordinal: number, found: (entry: TermEntry, leaf: number) => void): void {
    if (isLeaf(node)) {
      const { entry, leaf } = this.#leaves.get(node)!;
      found(entry, leaf);
    } else if (node.type === 'or') {
      for (const child of node.children) {
        if (has(this.#sets.setOf(child), ordinal)) this.#visit(child, ordinal, found);
      }
    } else if (node.type === 'and') {
      for (const child of node.children) this.#visit(child, ordinal, found);
      for (const pair of this.#pairEntries(node)) found(pair, -1);
    }
  }

  #pairEntries(node: AndNode): TermEntry[] {
    let entries = this.#pairs.get(node);
    if (entries === undefined) {
      entries = adjacentPairs(node).map((pair) => this.#terms.entry(pair));
      this.#pairs.set(node, entries);
    }
    return entries;
  }
}
