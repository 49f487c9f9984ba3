// How many papers in ten a reader wants, with and without learning from
// their votes: readers with written-down hidden interests get three days of
// daily digests from papers the caller spreads over the days; a voter rates
// every paper of days 1 and 2 (👍 if it is what they want, 👎 if not), and
// their model is trained then, against the papers known that day, as the
// product trains it at each vote; a non-voter with the same topics never
// votes; day 3 is compared. Pure: papers and readers in, counts out. The
// wishes are read only by this simulation, never by the digest: a query, or
// the papers a judge found wanted by reading them. Beside each voter's third
// digest it gives the most wanted papers any ranking could have shown them,
// so that a small gain can be told apart from a small room to gain.
import { selectEdition } from '../digest/index.js';
import { MIN_LIKES_FOR_SUGGESTIONS, trainReader, type ReaderModel } from '../learn/index.js';
import { buildIndex, createMatcher, evaluateNaive, learnAcronyms, NO_ACRONYMS, type Matcher } from '../match/index.js';
import { parseQuery, parseTopic } from '../query/index.js';
import type { Digest, Paper, Topic } from '../types.js';

export interface SimulatedReader {
  name: string;
  /** What they type into the subscribe form. */
  topics: string[];
  /** What they really want: a query, or the ids of the papers judged wanted. */
  wants: string | readonly string[];
}

/** Wanted papers among a digest's papers, and how many it holds. */
export interface DigestCount {
  wanted: number;
  shown: number;
}

export interface ReaderOutcome {
  reader: string;
  /** Wanted papers in the digests of days 2 and 3 together (topics and suggestions), without and with votes. */
  laterWithoutVotes: number;
  laterWithVotes: number;
  /** Wanted papers among day 3's topic papers (at most `maxPapers`), by variant. */
  before: number;
  withoutVotes: number;
  withVotes: number;
  /** Day 3's "also for you" papers for the voter, and how many of them they want. */
  alsoShown: number;
  alsoWanted: number;
  votes: { up: number; down: number };
  shown: number;
  /** Day 3's whole digest (topic papers and "also for you"), without and with votes. */
  digestWithoutVotes: DigestCount;
  digestWithVotes: DigestCount;
  /**
   * The most wanted papers the voter's third digest could hold, whatever
   * the ranking, and how many it would then hold in all: every wanted paper
   * among its topic candidates first (up to maxPapers), and as many wanted
   * papers beyond the topics as "also for you" has room for, once the voter
   * has given the likes it needs. No digest of those candidates holds a
   * larger share of wanted papers either.
   */
  ceiling: DigestCount;
}

const BACKGROUND = 400;
/** "Also for you" papers a digest may add: the default. */
const ALSO_FOR_YOU = 3;

export function simulateRelevance(days: readonly Paper[][], readers: readonly SimulatedReader[], maxPapers = 10): ReaderOutcome[] {
  return readers.map((reader) => {
    const wanted = wantedBy(reader);
    const before = runDays(days, reader, wanted, { maxPapers, acronyms: false, votes: false });
    const without = runDays(days, reader, wanted, { maxPapers, acronyms: true, votes: false });
    const voter = runDays(days, reader, wanted, { maxPapers, acronyms: true, votes: true });
    const count = (digest: Digest) => topicPapers(digest).filter(wanted).length;
    const also = voter.last.sections.filter((section) => section.also).flatMap((section) => section.matches.map((match) => match.paper));
    return {
      reader: reader.name,
      laterWithoutVotes: without.later.filter(wanted).length,
      laterWithVotes: voter.later.filter(wanted).length,
      before: count(before.last),
      withoutVotes: count(without.last),
      withVotes: count(voter.last),
      alsoShown: also.length,
      alsoWanted: also.filter(wanted).length,
      votes: voter.votes,
      shown: topicPapers(voter.last).length,
      digestWithoutVotes: countDigest(without.last, wanted),
      digestWithVotes: countDigest(voter.last, wanted),
      ceiling: voter.ceiling,
    };
  });
}

/** Whether the reader wants a paper, by their written-down wish. */
export function wantedBy(reader: SimulatedReader): (paper: Paper) => boolean {
  if (typeof reader.wants !== 'string') {
    const ids = new Set(reader.wants);
    return (paper) => ids.has(paper.id);
  }
  const query = parseQuery(reader.wants);
  return (paper) => evaluateNaive(query, paper);
}

/** A digest's wanted papers as papers in ten: its share, the unit the gain is judged in. */
export function papersInTen(count: DigestCount): number {
  return count.shown === 0 ? 0 : (10 * count.wanted) / count.shown;
}

function countDigest(digest: Digest, wanted: (paper: Paper) => boolean): DigestCount {
  const papers = digest.sections.flatMap((section) => section.matches.map((match) => match.paper));
  return { wanted: papers.filter(wanted).length, shown: papers.length };
}

function runDays(days: readonly Paper[][], reader: SimulatedReader, wanted: (paper: Paper) => boolean, options: { maxPapers: number; acronyms: boolean; votes: boolean }) {
  const sent = new Set<string>();
  const liked: Paper[] = [];
  const disliked: Paper[] = [];
  const topics = reader.topics.map((line) => {
    const topic = parseTopic(line);
    return { name: topic.name, query: topic.query };
  });
  let last: Digest | null = null;
  let ceiling: DigestCount = { wanted: 0, shown: 0 };
  const later: Paper[] = [];
  const seen: Paper[] = [];
  let model: ReaderModel | null = null;
  for (const [day, papers] of days.entries()) {
    seen.push(...papers);
    const matcher = createMatcher(buildIndex(seen), { acronyms: options.acronyms ? learnAcronyms(seen) : NO_ACRONYMS });
    const now = new Date(Date.parse(papers[0]?.firstSeenAt ?? '2026-01-01T00:00:00Z') + 3_600_000);
    last = selectEdition(
      { kind: 'daily', period: `day-${day + 1}`, subscriber: { id: 1, email: 'reader@example.org', name: reader.name, timezone: 'UTC', maxPapers: options.maxPapers, alsoForYou: ALSO_FOR_YOU, topics }, candidates: matcher, reader: model, sent, now },
      { maxPapers: options.maxPapers, alsoForYou: ALSO_FOR_YOU },
    );
    const shown = last.sections.flatMap((section) => section.matches.map((match) => match.paper));
    if (day === days.length - 1) ceiling = wantedAtMost(matcher, topics, sent, { liked, disliked }, wanted, options.maxPapers);
    for (const paper of shown) sent.add(paper.id);
    if (day > 0) later.push(...shown);
    if (options.votes && day < days.length - 1) {
      for (const paper of shown) (wanted(paper) ? liked : disliked).push(paper);
      // The model the last vote leaves, with the background sample that run/readers.ts takes: the first papers by id.
      if (liked.length + disliked.length > 0) model = trainReader({ liked, disliked, background: [...seen].sort((a, b) => (a.id < b.id ? -1 : 1)).slice(0, BACKGROUND) });
    }
  }
  return { last: last!, later, votes: { up: liked.length, down: disliked.length }, ceiling };
}

/**
 * ReaderOutcome.ceiling: the wanted papers among the candidates a digest
 * chooses from, as many as it has room for, in a digest as long as any
 * ranking makes it (its topic papers fill up to maxPapers).
 */
function wantedAtMost(
  matcher: Matcher,
  topics: Topic[],
  sent: ReadonlySet<string>,
  votes: { liked: readonly Paper[]; disliked: readonly Paper[] },
  wanted: (paper: Paper) => boolean,
  maxPapers: number,
): DigestCount {
  const candidates = matcher.candidates(topics, { exclude: sent });
  const inTopics = { wanted: Math.min(maxPapers, candidates.filter((candidate) => wanted(candidate.paper)).length), shown: Math.min(maxPapers, candidates.length) };
  if (votes.liked.length < MIN_LIKES_FOR_SUGGESTIONS) return inTopics;
  const skip = new Set([...sent, ...candidates.map((candidate) => candidate.paper.id), ...[...votes.liked, ...votes.disliked].map((paper) => paper.id)]);
  const beyond = Math.min(ALSO_FOR_YOU, matcher.index.papers.filter((paper) => !skip.has(paper.id) && wanted(paper)).length);
  return { wanted: inTopics.wanted + beyond, shown: inTopics.shown + beyond };
}

function topicPapers(digest: Digest): Paper[] {
  return digest.sections.filter((section) => !section.also).flatMap((section) => section.matches.map((match) => match.paper));
}

export function relevanceTable(outcomes: readonly ReaderOutcome[]): string {
  const whole = (count: DigestCount) => `${count.wanted}/${count.shown}`;
  const rows = outcomes.map(
    (o) =>
      `| ${o.reader} | ${o.before}/${o.shown} | ${o.withoutVotes}/${o.shown} | ${o.withVotes}/${o.shown} | ${o.alsoWanted}/${o.alsoShown} | ${whole(o.digestWithoutVotes)} → ${whole(o.digestWithVotes)} | ${whole(o.ceiling)} | ${o.laterWithoutVotes} → ${o.laterWithVotes} | ${o.votes.up} 👍 ${o.votes.down} 👎 |`,
  );
  return [
    '| reader | day 3 before (topics only) | day 3, acronyms, no votes | day 3 after two days of votes | day 3 also for you, wanted | day 3 whole digest, no votes → votes | day 3 wanted, at most (any ranking) | days 2–3 wanted, no votes → votes | votes |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/**
 * The simulation in a few figures: day 3's wanted papers in all the readers'
 * whole digests without and with votes, the same as papers in ten (each
 * digest's share, averaged over readers), the most any ranking could have
 * shown the voters (in papers in ten too: how much room the sample leaves),
 * how many "also for you" papers were wanted, and which readers got fewer.
 */
export function relevanceSummary(outcomes: readonly ReaderOutcome[]): string {
  const sum = (pick: (o: ReaderOutcome) => number) => outcomes.reduce((total, o) => total + pick(o), 0);
  const without = sum((o) => o.digestWithoutVotes.wanted);
  const withVotes = sum((o) => o.digestWithVotes.wanted);
  const atMost = sum((o) => o.ceiling.wanted);
  const readers = outcomes.length || 1;
  const shareGain = sum((o) => papersInTen(o.digestWithVotes) - papersInTen(o.digestWithoutVotes)) / readers;
  const fewer = outcomes.filter((o) => o.digestWithVotes.wanted < o.digestWithoutVotes.wanted || o.laterWithVotes < o.laterWithoutVotes).map((o) => o.reader);
  const signed = (value: number, digits: number) => `${value < 0 ? '−' : '+'}${Math.abs(value).toFixed(digits)}`;
  return [
    `day 3, whole digests: ${without} → ${withVotes} wanted papers (${signed((withVotes - without) / readers, 2)} a reader; ${signed(shareGain, 2)} in ten on average)`,
    `any ranking: at most ${atMost} (${signed((atMost - without) / readers, 2)} a reader; ${signed(sum((o) => papersInTen(o.ceiling) - papersInTen(o.digestWithoutVotes)) / readers, 2)} in ten on average)`,
    `also for you: ${sum((o) => o.alsoWanted)} of ${sum((o) => o.alsoShown)} wanted`,
    `fewer wanted papers (day 3, or days 2–3): ${fewer.length === 0 ? 'none' : fewer.join(', ')}`,
  ].join('; ');
}
