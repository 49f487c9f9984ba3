// Matches subscribers' topics against one batch. Many subscribers share
// topics, so every step is memoised: the parse by query text, the ranked hits
// by canonical query key, each Match by (query text, topic name, rank). A
// subscriber then costs a merge of a few ready ranked lists, and highlights
// are computed only for the matches that are returned.
import { leavesOf, parseQuery, type LeafNode, type Query, type StemCache } from '../query/index.js';
import { SentPapers, type PaperIdList } from '../sent-papers.js';
import type { Match, Paper, Topic } from '../types.js';
import { expandAcronyms, NO_ACRONYMS, type AcronymTable } from './acronyms.js';
import { count, emptySet, remove, type Bitset } from './bitset.js';
import { SetEvaluator } from './evaluate.js';
import type { PaperIndex } from './paper-index.js';
import type { RankedHits } from './ranked-hits.js';
import { QueryRanker, type HitDetails } from './score.js';
import { TermScores } from './term-scores.js';
import { whyLine } from './why.js';

export interface MatchOptions {
  /** Return at most this many matches (the best); `total` still counts them all. */
  limit?: number;
  /** Ids of papers to leave out, e.g. those already sent to this subscriber (SentPapers, as the store reads them). */
  exclude?: ReadonlySet<string>;
}

export interface TopicMatches {
  /** Ranked best first; each paper once, under its best-scoring topic. */
  matches: Match[];
  /** How many papers matched in all, before `limit`. */
  total: number;
}

/**
 * A paper matched by a subscriber's topics, before its Match is made: a
 * ranking that needs every candidate (a reader model's) reads the paper and
 * its topic score, and makes Matches (highlights, why line) only for those
 * it keeps.
 */
export interface Candidate {
  paper: Paper;
  score: number;
  match(): Match;
}

export interface Matcher {
  /** The papers it matches against. */
  readonly index: PaperIndex;
  /**
   * The papers matching any of the topics, ranked best first, each once under
   * its best-scoring topic (the earlier topic on a tie). Throws
   * PB_QUERY_SYNTAX for a topic that does not parse. Match objects are frozen
   * and shared between calls.
   */
  matchTopics(topics: readonly Topic[], options?: MatchOptions): TopicMatches;
  /** Every paper matching any of the topics, as matchTopics ranks them, without making their Matches. */
  candidates(topics: readonly Topic[], options?: Pick<MatchOptions, 'exclude'>): Candidate[];
  /** Every paper matching one query, ranked; the topic is named by the query text. */
  matchQuery(query: Query | string): Match[];
  /** The ordinals in the index of those of these papers it holds (SentPapers: a list at a time, each list looked up once). */
  ordinalsOf(ids: ReadonlySet<string>): number[];
}

/** The memoised matches of one topic: ranked hits, and Match objects made on demand. */
interface TopicList {
  name: string;
  query: Query;
  leaves: LeafNode[];
  ranked: RankedHits;
  matches: (Match | undefined)[];
  /** Why lines by the leaves and fields they name. */
  whys: Map<number, string>;
}

export interface MatcherOptions {
  /** Acronyms learned from the papers: a topic's acronym also matches its expansion, and the other way round. */
  acronyms?: AcronymTable;
}

export function createMatcher(index: PaperIndex, options: MatcherOptions = {}): Matcher {
  return new MemoisedMatcher(index, options.acronyms ?? NO_ACRONYMS);
}

/** One query against an index, e.g. for `paperboy match "<query>"`. */
export function matchQuery(index: PaperIndex, query: Query | string, options: MatcherOptions = {}): Match[] {
  return createMatcher(index, options).matchQuery(query);
}

class MemoisedMatcher implements Matcher {
  readonly #index: PaperIndex;
  readonly #acronyms: AcronymTable;

  get index(): PaperIndex {
    return this.#index;
  }

  readonly #evaluator: SetEvaluator;
  readonly #ranker: QueryRanker;
  readonly #stems: StemCache = new Map();
  readonly #queries = new Map<string, Query>();
  readonly #rankedByKey = new Map<string, RankedHits>();
  /** By query text, then topic name. */
  readonly #lists = new Map<string, Map<string, TopicList>>();
  /** seen[ordinal] === generation: the paper is already counted in the current merge. */
  readonly #seen: Uint32Array;
  #generation = 0;
  /** Scratch set for counting a subscriber's matches. */
  readonly #union: Bitset;
  /** Each sent list's ordinals in this index, for as long as the store shares the list. */
  readonly #listOrdinals = new WeakMap<PaperIdList, Int32Array>();

  constructor(index: PaperIndex, acronyms: AcronymTable) {
    this.#index = index;
    this.#acronyms = acronyms;
    this.#evaluator = new SetEvaluator(index);
    this.#ranker = new QueryRanker(index, this.#evaluator, new TermScores(index, this.#evaluator));
    this.#seen = new Uint32Array(index.papers.length);
    this.#union = emptySet(index.papers.length);
  }

  matchTopics(topics: readonly Topic[], options: MatchOptions = {}): TopicMatches {
    const lists = topics.map((topic) => this.#list(topic.name, topic.query));
    const { taken, total } = this.#merge(lists, options.limit ?? Infinity, options.exclude, (list, rank) => this.#match(list, rank));
    return { matches: taken, total };
  }

  candidates(topics: readonly Topic[], options: Pick<MatchOptions, 'exclude'> = {}): Candidate[] {
    const lists = topics.map((topic) => this.#list(topic.name, topic.query));
    return this.#merge(lists, Infinity, options.exclude, (list, rank) => ({
      paper: this.#index.papers[list.ranked.ordinal(rank)],
      score: list.ranked.score(rank),
      match: () => this.#match(list, rank),
    })).taken;
  }

  matchQuery(query: Query | string): Match[] {
    const parsed = typeof query === 'string' ? this.#parsed(query) : expandAcronyms(query, this.#acronyms);
    const list = this.#list(parsed.text, parsed.text, parsed);
    return Array.from({ length: list.ranked.size }, (_, rank) => this.#match(list, rank));
  }

  #parsed(text: string): Query {
    let query = this.#queries.get(text);
    if (query === undefined) {
      query = expandAcronyms(parseQuery(text, { stems: this.#stems }), this.#acronyms);
      this.#queries.set(text, query);
    }
    return query;
  }

  #list(name: string, text: string, parsed?: Query): TopicList {
    let byName = this.#lists.get(text);
    if (byName === undefined) {
      byName = new Map();
      this.#lists.set(text, byName);
    }
    let list = byName.get(name);
    if (list === undefined) {
      const query = parsed ?? this.#parsed(text);
      const ranked = this.#ranked(query);
      list = { name, query, leaves: leavesOf(query.root), ranked, matches: [], whys: new Map() };
      byName.set(name, list);
    }
    return list;
  }

  #ranked(query: Query): RankedHits {
    let ranked = this.#rankedByKey.get(query.key);
    if (ranked === undefined) {
      ranked = this.#ranker.rank(query);
      this.#rankedByKey.set(query.key, ranked);
    }
    return ranked;
  }

  #match(list: TopicList, rank: number): Match {
    let match = list.matches[rank];
    if (match === undefined) {
      const ordinal = list.ranked.ordinal(rank);
      const details = list.ranked.details(ordinal);
      match = Object.freeze({
        paper: this.#index.papers[ordinal],
        score: list.ranked.score(rank),
        topic: list.name,
        highlights: details.highlights as Match['highlights'],
        why: this.#why(list, details),
      });
      list.matches[rank] = match;
    }
    return match;
  }

  /** The why line; most papers of a topic share one of a few, so they are shared too. */
  #why(list: TopicList, details: HitDetails): string {
    const key = whyKey(details);
    let why = list.whys.get(key);
    if (why === undefined) {
      const terms = [...new Set(details.leaves.map((leaf) => list.leaves[leaf].text))];
      why = whyLine(list.name, list.query.text, terms, details.fields);
      if (key !== -1) list.whys.set(key, why);
    }
    return why;
  }

  /**
   * A k-way merge of ranked lists: a paper's first appearance is its best, so
   * later ones are skipped. The total is counted on the lists' sets, so papers
   * past `limit` cost nothing.
   */
  #merge<T>(lists: TopicList[], limit: number, exclude: ReadonlySet<string> | undefined, take: (list: TopicList, rank: number) => T): { taken: T[]; total: number } {
    const generation = this.#nextGeneration();
    const seen = this.#seen;
    const excluded = exclude === undefined ? [] : this.ordinalsOf(exclude);
    // Marking excluded papers as seen makes the merge skip them with no extra test.
    for (const ordinal of excluded) seen[ordinal] = generation;
    const total = this.#countUnion(lists, excluded);
    const wanted = Math.min(limit, total);
    const order = this.#index.tieOrder;
    const heads = new Array<number>(lists.length).fill(0);
    const taken: T[] = [];
    while (taken.length < wanted) {
      let best = -1;
      let bestScore = 0;
      let bestOrdinal = 0;
      for (let k = 0; k < lists.length; k++) {
        const ranked = lists[k].ranked;
        const { ordinals, size } = ranked;
        let head = heads[k];
        for (; head < size; head += 1) {
          if (head >= ranked.sorted) ranked.sortThrough(head + 1);
          if (seen[ordinals[head]] !== generation) break;
        }
        heads[k] = head;
        if (head === size) continue;
        const score = ranked.scores[head];
        const ordinal = ordinals[head];
        const ahead = score > bestScore || (score === bestScore && order[ordinal] < order[bestOrdinal]);
        if (best === -1 || ahead) {
          best = k;
          bestScore = score;
          bestOrdinal = ordinal;
        }
      }
      seen[bestOrdinal] = generation;
      taken.push(take(lists[best], heads[best]));
      heads[best] += 1;
    }
    return { taken, total };
  }

  ordinalsOf(ids: ReadonlySet<string>): number[] {
    const ordinals: number[] = [];
    if (ids instanceof SentPapers) {
      for (const list of ids.lists) for (const ordinal of this.#listOrdinalsOf(list)) ordinals.push(ordinal);
      return ordinals;
    }
    for (const id of ids) {
      const ordinal = this.#index.ordinalOf.get(id);
      if (ordinal !== undefined) ordinals.push(ordinal);
    }
    return ordinals;
  }

  /** A sent list's papers that are in this index, looked up once however many readers had the list. */
  #listOrdinalsOf(list: PaperIdList): Int32Array {
    let ordinals = this.#listOrdinals.get(list);
    if (ordinals === undefined) {
      const found: number[] = [];
      for (const id of list) {
        const ordinal = this.#index.ordinalOf.get(id);
        if (ordinal !== undefined) found.push(ordinal);
      }
      ordinals = Int32Array.from(found);
      this.#listOrdinals.set(list, ordinals);
    }
    return ordinals;
  }

  /** How many papers the lists hold together, leaving out the excluded ones. */
  #countUnion(lists: TopicList[], excluded: readonly number[]): number {
    const union = this.#union;
    union.fill(0);
    for (const list of lists) {
      const set = list.ranked.set;
      for (let i = 0; i < set.length; i++) union[i] |= set[i];
    }
    for (const ordinal of excluded) remove(union, ordinal);
    return count(union);
  }

  #nextGeneration(): number {
    if (this.#generation === 0xffffffff) {
      this.#seen.fill(0);
      this.#generation = 0;
    }
    return ++this.#generation;
  }
}

/** The leaves and fields as one number, or -1 when a leaf index is too large to fit. */
function whyKey(details: HitDetails): number {
  let mask = 0;
  for (const leaf of details.leaves) {
    if (leaf >= 28) return -1;
    mask |= 1 << leaf;
  }
  return mask * 4 + details.fields;
}
