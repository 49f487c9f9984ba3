// The one ranking of an edition's papers. A paper's topic score (for weekly
// summaries, lifted by the community's upvotes) is blended with what the
// reader's votes taught, before the cut to maxPapers; with no votes the
// topic score alone decides. Ties always fall the same way
// (match/tie-order.ts), so the same matches give the same edition.

import { MIN_LIKES_FOR_SUGGESTIONS } from '../learn/index.js';
import { compareForTies } from '../match/index.js';
import type { EditionKind, Paper } from '../types.js';

/** What ranking reads of a match: its paper and its topic score. */
export interface Ranked {
  paper: Paper;
  score: number;
}

/** What a reader's votes say about a paper, and how much that counts. */
export interface ReaderTaste {
  /** How much more than the average paper the reader wants this one, in standard deviations (learn's readerScores), as countedAffinity counts it. */
  affinity(paper: Paper): number;
  /** 0 (no votes) to BLEND_WEIGHT (enough votes to trust). */
  weight: number;
  /**
   * The best topic score among all of the edition's candidates: topic scores
   * are compared on a log scale relative to it, so that ranking a few of
   * them ranks them as among all.
   */
  top: number;
}

/**
 * How far one standard deviation of the reader model moves a paper, in
 * units of the edition's best topic score, at full weight: a paper two
 * deviations above the average outranks one that matches the topics about
 * twice as well.
 */
export const BLEND_WEIGHT = 0.5;
/** Affinities beyond this many deviations count no more: one odd paper must not outrank every topic. */
const MAX_AFFINITY = 3;
/** Likes after which the model counts fully; fewer count proportionally. */
export const LIKES_FOR_FULL_WEIGHT = 4;

/**
 * An affinity this far below the average paper means the model is sure the
 * reader does not want it. A model learned from dislikes alone sets many
 * papers somewhat below the average, wanted ones among them; only the far
 * tail is safe to push down.
 */
const SURELY_UNWANTED = -2;

/**
 * How much the model counts: it learns what to bring forward from likes, so
 * one like among many dislikes moves little; a reader with dislikes alone
 * still gets papers like them pushed down.
 */
export function tasteWeight(likes: number, dislikes: number): number {
  if (likes === 0) return (BLEND_WEIGHT / 4) * Math.min(1, dislikes / LIKES_FOR_FULL_WEIGHT);
  return BLEND_WEIGHT * Math.min(1, likes / LIKES_FOR_FULL_WEIGHT);
}

/**
 * What of a paper's affinity the ranking counts for a reader with this many
 * likes. Until the reader has liked as many papers as suggestions need, the
 * model knows what they do not want better than what they do: it only
 * pushes down the papers it is sure about. Its order of the rest is noise,
 * and near the cut to maxPapers noise swaps a wanted paper out as readily
 * as in.
 */
export function countedAffinity(likes: number, affinity: number): number {
  return likes >= MIN_LIKES_FOR_SUGGESTIONS ? affinity : Math.min(0, affinity - SURELY_UNWANTED);
}

/**
 * Weekly summaries: "the best of the week" weighs what the community liked
 * as well as how well the paper matches. Upvotes scale the score on a log
 * scale, so 100 upvotes roughly double it and a handful barely move it, and a
 * strong match with no upvotes still beats a weak one with a few.
 */
export function weeklyScore(match: Ranked): number {
  return match.score * (1 + Math.log1p(Math.max(0, match.paper.upvotes ?? 0)) / 5);
}

export function topicScore(kind: EditionKind, match: Ranked): number {
  return kind === 'weekly' ? weeklyScore(match) : match.score;
}

/** The matches best first. */
export function rankMatches<T extends Ranked>(matches: readonly T[], kind: EditionKind, taste: ReaderTaste | null): T[] {
  const base = matches.map((match) => topicScore(kind, match));
  let keys = base;
  if (taste !== null && taste.weight > 0) {
    // On a log scale: BM25 scores of one topic's matches spread over a factor of ten and more.
    const top = Math.log1p(taste.top) || 1;
    keys = matches.map((match, i) => Math.log1p(base[i]) / top + taste.weight * Math.max(-MAX_AFFINITY, Math.min(MAX_AFFINITY, taste.affinity(match.paper))));
  }
  return Array.from(matches.keys())
    .sort((a, b) => keys[b] - keys[a] || compareForTies(matches[a].paper, matches[b].paper))
    .map((i) => matches[i]);
}
