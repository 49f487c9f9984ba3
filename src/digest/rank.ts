// The order of papers inside an edition. Both orders are total, so the same
// matches always give the same edition.

import type { Match } from '../types.js';

/** Daily and instant editions: best score first, then more upvotes, then the more recent paper. */
export function byRank(a: Match, b: Match): number {
  return b.score - a.score || tieBreak(a, b);
}

/**
 * Weekly summaries: "the best of the week" weighs what the community liked
 * as well as how well the paper matches. Upvotes scale the score on a log
 * scale, so 100 upvotes roughly double it and a handful barely move it, and a
 * strong match with no upvotes still beats a weak one with a few.
 */
export function byWeeklyRank(a: Match, b: Match): number {
  return weeklyScore(b) - weeklyScore(a) || tieBreak(a, b);
}

export function weeklyScore(match: Match): number {
  return match.score * (1 + Math.log1p(Math.max(0, match.paper.upvotes ?? 0)) / 5);
}

function tieBreak(a: Match, b: Match): number {
  return (
    (b.paper.upvotes ?? 0) - (a.paper.upvotes ?? 0) ||
    compareDesc(recency(a), recency(b)) ||
    (a.paper.id < b.paper.id ? -1 : a.paper.id > b.paper.id ? 1 : 0)
  );
}

function recency(match: Match): string {
  return match.paper.publishedAt ?? match.paper.firstSeenAt.slice(0, 10);
}

function compareDesc(a: string, b: string): number {
  return a < b ? 1 : a > b ? -1 : 0;
}
