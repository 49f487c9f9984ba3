// The web copy (`/d/<token>`) keeps the "see all N in your browser" of its
// email: the digest's own papers as they were sent, then the others that
// matched and did not fit, each under its topic.

import type { Digest, Match } from '../types.js';

/**
 * The digest with `rest` (its other matched papers, best first) added to the
 * topic sections they belong to, after the papers the email carried, and
 * `moreCount` papers still left out. A topic the email had no section for
 * gets one, before "also for you".
 */
export function withRest(digest: Digest, rest: readonly { topic: string; matches: readonly Match[] }[], moreCount: number): Digest {
  const topical = digest.sections.filter((section) => !section.also).map((section) => ({ ...section, matches: [...section.matches] }));
  for (const { topic, matches } of rest) {
    const section = topical.find((candidate) => candidate.topic === topic);
    if (section) section.matches.push(...matches);
    else topical.push({ topic, matches: [...matches] });
  }
  // Rank order is what a cut to a size keeps; the web copy is not cut.
  const { order: _order, ...whole } = digest;
  return { ...whole, sections: [...topical, ...digest.sections.filter((section) => section.also)], moreCount };
}
