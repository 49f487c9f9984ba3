// What is kept of a digest (edition_digests.digest): its matches by paper id,
// so it can be rebuilt for a resend or the web copy with the papers as
// stored then.
//
// Written once per message, so it is written small: a match as an array
// ([paper id, score, why, highlights as flat numbers, its topic if not the
// section's]), not an object that repeats its field names, which made a
// digest's row outgrow a SQLite page and its JSON a real part of planning
// an edition. Rows written before (objects, no "v") still read.

import type { Digest, Highlight, Match, Paper } from '../types.js';

const FORMAT = 2;
const FIELDS: readonly Highlight['field'][] = ['title', 'abstract'];

/** A match as stored: [paperId, score, why, [field, start, end, …]] and the topic when it is not the section's. */
type StoredMatch = [string, number, string, number[]] | [string, number, string, number[], string];

interface StoredDigest extends Omit<Digest, 'sections'> {
  v: typeof FORMAT;
  sections: { topic: string; matches: StoredMatch[]; also?: true }[];
}

/** The digest of before: each match an object, its paper by id. */
interface ObjectDigest extends Omit<Digest, 'sections'> {
  sections: { topic: string; matches: (Omit<Match, 'paper'> & { paperId: string })[] }[];
}

export function encodeDigest(digest: Digest): string {
  const stored: StoredDigest = {
    v: FORMAT,
    kind: digest.kind,
    period: digest.period,
    key: digest.key,
    subscriber: { id: digest.subscriber.id, email: digest.subscriber.email, name: digest.subscriber.name, timezone: digest.subscriber.timezone },
    at: digest.at,
    moreCount: digest.moreCount,
    sections: digest.sections.map((section) => ({ topic: section.topic, matches: section.matches.map((match) => storedMatch(match, section.topic)), ...(section.also ? { also: true as const } : {}) })),
  };
  if (digest.confirm) stored.confirm = digest.confirm;
  if (digest.order) stored.order = digest.order;
  if (digest.emailLimit !== undefined) stored.emailLimit = digest.emailLimit;
  return JSON.stringify(stored);
}

function storedMatch(match: Match, sectionTopic: string): StoredMatch {
  const highlights: number[] = [];
  for (const highlight of match.highlights) highlights.push(FIELDS.indexOf(highlight.field), highlight.start, highlight.end);
  const stored: StoredMatch = [match.paper.id, match.score, match.why, highlights];
  if (match.topic !== sectionTopic) stored.push(match.topic);
  return stored;
}

/**
 * A stored digest, read: the ids of the papers it names, in order, and the
 * digest again once they are fetched (a match whose paper is gone is left
 * out).
 */
export function readDigest(json: string): { paperIds: string[]; withPapers(papers: ReadonlyMap<string, Paper>): Digest } {
  const stored = JSON.parse(json) as StoredDigest | ObjectDigest;
  return {
    paperIds: stored.sections.flatMap((section) => section.matches.map((match) => (Array.isArray(match) ? match[0] : match.paperId))),
    withPapers: (papers) => withPapers(stored, papers),
  };
}

function withPapers(stored: StoredDigest | ObjectDigest, papers: ReadonlyMap<string, Paper>): Digest {
  // A paper deleted since is left out: the rank order then names the positions of those still here.
  const kept: number[] = [];
  let here = 0;
  for (const section of stored.sections) {
    for (const match of section.matches as (StoredMatch | { paperId: string })[]) kept.push(papers.has(Array.isArray(match) ? match[0] : match.paperId) ? here++ : -1);
  }
  const sections = stored.sections.map((section) => ({
    topic: section.topic,
    ...('also' in section && section.also ? { also: true } : {}),
    matches: (section.matches as (StoredMatch | ObjectDigest['sections'][number]['matches'][number])[]).flatMap((match): Match[] => {
      const paper = papers.get(Array.isArray(match) ? match[0] : match.paperId);
      if (!paper) return [];
      if (!Array.isArray(match)) {
        const { paperId: _id, ...rest } = match;
        return [{ ...rest, paper }];
      }
      const [, score, why, flat, topic = section.topic] = match;
      const highlights: Highlight[] = [];
      for (let i = 0; i + 2 < flat.length; i += 3) highlights.push({ field: FIELDS[flat[i]], start: flat[i + 1], end: flat[i + 2] });
      return [{ paper, score, topic, highlights, why }];
    }),
  }));
  const { v: _format, order, ...digest } = stored as StoredDigest;
  return { ...digest, sections, ...(order ? { order: order.map((position) => kept[position] ?? -1).filter((position) => position >= 0) } : {}) };
}
