// The one path that chooses an edition's papers: the subscriber's topics
// against the candidate papers, what their votes taught, what they already
// have, and now → the ranked edition. Run, preview, the preferences page's
// live preview and the Atom feed all call it, for every kind of edition.

import { closestLikedIn, MIN_LIKES_FOR_SUGGESTIONS, readerScores, type ReaderModel } from '../learn/index.js';
import type { Candidate, Matcher } from '../match/index.js';
import { withSeen } from '../sent-papers.js';
import type { Digest, EditionKind, Match, Subscriber } from '../types.js';
import { buildEdition, inWeek, keptPapers } from './build.js';
import { countedAffinity, rankMatches, tasteWeight, topicScore, type ReaderTaste } from './rank.js';

/**
 * A paper beyond the topics is suggested only when the model puts it this
 * many deviations above the average paper: on the judged sample readers,
 * lower lets in as many unwanted papers as wanted, higher shows few.
 */
const SUGGESTION_THRESHOLD = 1.5;

export interface SelectionInput {
  kind: EditionKind;
  period: string;
  subscriber: Pick<Subscriber, 'id' | 'email' | 'name' | 'timezone' | 'maxPapers' | 'topics' | 'alsoForYou'>;
  /** A matcher over the candidate papers (the recent window, or an ingest's new papers for alerts). */
  candidates: Matcher;
  /** The reader's model, or null when they never voted. */
  reader: ReaderModel | null;
  /** Papers this subscriber already received in an edition of the same kind. */
  sent: ReadonlySet<string>;
  now: Date;
}

export interface SelectionOptions {
  /** `digest.maxPapers`; the subscriber's own limit wins. */
  maxPapers: number;
  /** `digest.alsoForYou`; the subscriber's own choice wins. */
  alsoForYou: number;
}

export function selectEdition(input: SelectionInput, options: SelectionOptions): Digest {
  const { kind, subscriber, reader, sent } = input;
  const maxPapers = Math.max(1, subscriber.maxPapers ?? options.maxPapers);
  const wanted = kind === 'instant' ? 0 : (subscriber.alsoForYou ?? options.alsoForYou);
  // The papers already sent are left out by the matcher (exclude), the one place that does.
  const edition = { kind, period: input.period, subscriber, now: input.now };
  if (reader === null) {
    // Topic scores alone rank it: the matcher's own cut is already the edition's order, but for a weekly's window.
    const limit = kind === 'weekly' ? undefined : keptPapers(kind, maxPapers);
    const { matches, total } = input.candidates.matchTopics(subscriber.topics, { exclude: sent, limit });
    return buildEdition({ ...edition, matches, total: limit === undefined ? undefined : total }, { maxPapers });
  }
  // A reader model reranks every candidate: Matches are made only for the papers kept.
  const scores = readerScores(reader, input.candidates.index);
  // A paper the reader voted on is one they know: from an email, or named on the preferences page as already liked.
  const seen = withSeen(sent, [...reader.liked, ...reader.disliked].map((paper) => paper.id));
  const candidates = input.candidates.candidates(subscriber.topics, { exclude: seen }).filter((candidate) => kind !== 'weekly' || inWeek(candidate.paper, input.now));
  const taste = readerTaste(reader, scores, input.candidates, candidates.reduce((top, candidate) => Math.max(top, topicScore(kind, candidate)), 0));
  const kept = rankMatches(candidates, kind, taste).slice(0, keptPapers(kind, maxPapers));
  const alsoForYou = wanted > 0 ? suggestions(input, reader, scores, candidates, seen, wanted) : [];
  return buildEdition({ ...edition, matches: kept.map((candidate) => candidate.match()), total: candidates.length, taste, alsoForYou }, { maxPapers });
}

function readerTaste(reader: ReaderModel, scores: Float32Array, candidates: Matcher, top: number): ReaderTaste {
  const ordinalOf = candidates.index.ordinalOf;
  return {
    affinity: (paper) => countedAffinity(reader.liked.length, scores[ordinalOf.get(paper.id) ?? -1] ?? 0),
    weight: tasteWeight(reader.liked.length, reader.disliked.length),
    top,
  };
}

/**
 * Up to `wanted` papers that match none of the topics but that the model
 * ranks high, each with the liked paper it resembles. Only from likes: a
 * reader who only said 👎 has told us what to drop, not what to add.
 */
function suggestions(input: SelectionInput, reader: ReaderModel, scores: Float32Array, matched: readonly Candidate[], seen: ReadonlySet<string>, wanted: number): Match[] {
  if (reader.liked.length < MIN_LIKES_FOR_SUGGESTIONS) return [];
  const { papers, ordinalOf } = input.candidates.index;
  // Known to the reader (sent or voted on) or matched: by ordinal, as the matcher sees them.
  const skip = new Uint8Array(papers.length);
  for (const ordinal of input.candidates.ordinalsOf(seen)) skip[ordinal] = 1;
  for (const { paper } of matched) {
    const ordinal = ordinalOf.get(paper.id);
    if (ordinal !== undefined) skip[ordinal] = 1;
  }
  const picked: number[] = [];
  for (let ordinal = 0; ordinal < papers.length; ordinal++) {
    if (scores[ordinal] < SUGGESTION_THRESHOLD || skip[ordinal] === 1) continue;
    if (input.kind === 'weekly' && !inWeek(papers[ordinal], input.now)) continue;
    picked.push(ordinal);
  }
  picked.sort((a, b) => scores[b] - scores[a] || (papers[a].id < papers[b].id ? -1 : 1));
  const result: Match[] = [];
  const closestLiked = closestLikedIn(reader, input.candidates.index);
  for (const ordinal of picked) {
    if (result.length === wanted) break;
    const like = closestLiked(ordinal);
    if (!like) continue;
    result.push({ paper: papers[ordinal], score: scores[ordinal], topic: 'Also for you', highlights: [], why: `like "${like.title}"` });
  }
  return result;
}
