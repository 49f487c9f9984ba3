// The one ranking of an edition's papers. A paper's topic score (for weekly
// summaries, lifted by the community's upvotes) is blended with what the
// reader's votes taught, before the cut to maxPapers; with no votes the
// topic score alone decides. Ties always fall the same way
// (match/tie-order.ts), so the same matches give the same edition.

import { compareForTies } from '../match/index.js';
import type { EditionKind, Match } from '../types.js';

/** What a reader's votes say about a paper: the chance they want it (0–1), and how much it counts. */
export interface ReaderTaste {
  affinity(match: Match): number;
  /** 0 (no votes) to BLEND_WEIGHT (enough votes to trust). */
  weight: number;
}

/**
 * How far the reader model may move a paper, in units of the edition's best
 * topic score: at full weight a paper the reader surely wants outranks one
 * that matches the topics twice as well but that they surely do not.
 */
export const BLEND_WEIGHT = 1;
/** Votes after which the model counts fully; fewer count proportionally. */
export const VOTES_FOR_FULL_WEIGHT = 4;

export function tasteWeight(votes: number): number {
  return BLEND_WEIGHT * Math.min(1, votes / VOTES_FOR_FULL_WEIGHT);
}

/**
 * Weekly summaries: "the best of the week" weighs what the community liked
 * as well as how well the paper matches. Upvotes scale the score on a log
 * scale, so 100 upvotes roughly double it and a handful barely move it, and a
 * strong match with no upvotes still beats a weak one with a few.
 */
export function weeklyScore(match: Match): number {
  return match.score * (1 + Math.log1p(Math.max(0, match.paper.upvotes ?? 0)) / 5);
}

export function topicScore(kind: EditionKind, match: Match): number {
  return kind === 'weekly' ? weeklyScore(match) : match.score;
}

/** The matches best first. */
export function rankMatches(matches: readonly Match[], kind: EditionKind, taste: ReaderTaste | null): Match[] {
  const base = matches.map((match) => topicScore(kind, match));
  let keys = base;
  if (taste !== null && taste.weight > 0) {
    const top = Math.max(...base, Number.MIN_VALUE);
    keys = matches.map((match, i) => base[i] / top + taste.weight * taste.affinity(match));
  }
  return Array.from(matches.keys())
    .sort((a, b) => keys[b] - keys[a] || compareForTies(matches[a].paper, matches[b].paper))
    .map((i) => matches[i]);
}
