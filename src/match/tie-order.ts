// Ranking order: score, then upvotes, then recency (publishedAt, then
// firstSeenAt), then id so that the order never depends on the batch order.
import type { Paper } from '../types.js';

/** For each paper ordinal, its position in the tie-break order (0 comes first). */
export function tieOrder(papers: readonly Paper[]): Int32Array {
  const ordinals = Array.from(papers.keys()).sort((a, b) => compareForTies(papers[a], papers[b]));
  const order = new Int32Array(papers.length);
  ordinals.forEach((ordinal, position) => {
    order[ordinal] = position;
  });
  return order;
}

/** The one tie-break between equally scored papers, here and in every edition's ranking. */
export function compareForTies(a: Paper, b: Paper): number {
  return (
    (b.upvotes ?? -1) - (a.upvotes ?? -1) ||
    descending(a.publishedAt, b.publishedAt) ||
    descending(a.firstSeenAt, b.firstSeenAt) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** Later ISO strings first; a missing date sorts after every date. */
function descending(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? 1 : -1;
}
