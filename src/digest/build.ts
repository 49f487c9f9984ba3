// Building an edition: which of a subscriber's matches go into one digest,
// in which order, under which topic. A pure function of its arguments.

import { PaperboyError } from '../errors.js';
import type { Digest, EditionKind, Match, Paper, Subscriber } from '../types.js';
import { rankMatches, type ReaderTaste } from './rank.js';

const WEEK_MS = 7 * 86_400_000;

export interface EditionInput {
  kind: EditionKind;
  /** `2026-11-24`, `2026-W48` or an ingest id, as the scheduler keyed the edition. */
  period: string;
  subscriber: Pick<Subscriber, 'id' | 'email' | 'name' | 'timezone' | 'maxPapers'>;
  /**
   * The subscriber's matches, one per paper under its best topic, without
   * the papers they already received in an edition of the same kind (the
   * matcher leaves those out: selectEdition).
   */
  matches: readonly Match[];
  /**
   * How many papers matched in all, when `matches` holds only those kept
   * (the matcher's `limit`, or a reader model's cut, with the sent papers
   * and, for a weekly, those outside its week already left out): the "N
   * more" count then comes from it.
   */
  total?: number;
  now: Date;
  /** What the reader's votes taught; null ranks by the topics alone. */
  taste?: ReaderTaste | null;
  /** Papers beyond the topics that the reader model suggests, best first, already cut to how many the reader wants. */
  alsoForYou?: readonly Match[];
}

/** The heading of the section of papers suggested beyond the topics. */
export const ALSO_FOR_YOU = 'Also for you';

export interface EditionOptions {
  /** `digest.maxPapers` from the config; the subscriber's own limit wins. */
  maxPapers: number;
}

export function buildEdition(input: EditionInput, options: EditionOptions): Digest {
  if (!input.period) {
    throw new PaperboyError('PB_USAGE', `a ${input.kind} edition needs a period (a date, an ISO week or an ingest id)`);
  }
  const limit = Math.max(1, input.subscriber.maxPapers ?? options.maxPapers);
  const candidates = rankMatches(eligible(input), input.kind, input.taste ?? null);
  const chosen = candidates.slice(0, keptPapers(input.kind, limit));
  const sections = groupByTopic(chosen);
  if (input.alsoForYou && input.alsoForYou.length > 0) sections.push({ topic: ALSO_FOR_YOU, matches: [...input.alsoForYou], also: true });
  const { id, email, name, timezone } = input.subscriber;
  return {
    kind: input.kind,
    period: input.period,
    key: `${input.kind}:${input.period}`,
    subscriber: { id, email, name, timezone },
    at: input.now.toISOString(),
    sections,
    moreCount: Math.max(0, (input.total ?? candidates.length) - chosen.length),
    order: rankOrder(chosen, sections),
    ...(chosen.length > limit ? { emailLimit: limit } : {}),
  };
}

/**
 * How many of its ranked papers an edition keeps, `maxPapers` being
 * `limit`: all of them for an alert, whose email shows `limit` (see
 * Digest.emailLimit), since an ingest's papers are not offered again.
 */
export function keptPapers(kind: EditionKind, limit: number): number {
  return kind === 'instant' ? Infinity : limit;
}

/** Where each of the ranked papers sits once grouped into sections (see Digest.order). */
function rankOrder(ranked: readonly Match[], sections: Digest['sections']): number[] {
  const position = new Map<Match, number>();
  for (const match of sections.flatMap((section) => section.matches)) position.set(match, position.size);
  return ranked.map((match) => position.get(match)!);
}

/** True when an edition has nothing to send. */
export function isEmptyEdition(digest: Digest): boolean {
  return digest.sections.every((section) => section.matches.length === 0);
}

/** The ids of the papers an edition carries, for the delivery row. */
export function editionPaperIds(digest: Digest): string[] {
  return digest.sections.flatMap((section) => section.matches.map((match) => match.paper.id));
}

function eligible(input: EditionInput): Match[] {
  const best = new Map<string, Match>();
  for (const match of input.matches) {
    if (input.kind === 'weekly' && !inWeek(match.paper, input.now)) continue;
    // A matcher should give one match per paper; if it gives more, the best one stands.
    const seen = best.get(match.paper.id);
    if (!seen || match.score > seen.score) best.set(match.paper.id, match);
  }
  return [...best.values()];
}

/** A weekly summary's window: papers first seen in the seven days before `now`. */
export function inWeek(paper: Pick<Paper, 'firstSeenAt'>, now: Date): boolean {
  const seen = Date.parse(paper.firstSeenAt);
  return seen >= now.getTime() - WEEK_MS && seen < now.getTime();
}

/** Sections in the order of their best paper; papers keep their rank inside a section. */
function groupByTopic(ranked: Match[]): Digest['sections'] {
  const sections = new Map<string, Match[]>();
  for (const match of ranked) {
    const section = sections.get(match.topic);
    if (section) section.push(match);
    else sections.set(match.topic, [match]);
  }
  return [...sections].map(([topic, matches]) => ({ topic, matches }));
}
