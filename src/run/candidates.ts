// The papers an edition may carry and what a batch of editions needs from
// the store to choose among them: the papers each subscriber already has and
// the models their votes trained. The choosing itself is digest's
// selectEdition, the one path for run, preview, the web preview and feed.
import type { App } from '../app.js';
import { selectEdition } from '../digest/index.js';
import { adoptVectors, encodeVectors, type ReaderModel } from '../learn/index.js';
import { buildIndex, createMatcher, decodeIndex, encodeIndex, indexKey, learnAcronyms, type AcronymTable, type Matcher, type PaperIndex } from '../match/index.js';
import { decodeReaderModel, papersAlreadySent, recentPapers, storedMatchIndex, storedReaderModelsOf, storeMatchIndex, subscribersByIds } from '../store/index.js';
import type { Digest, EditionKind, Paper, Subscriber } from '../types.js';

/** How far back (from the newest stored paper) a digest looks for papers it has not sent yet. */
export const CANDIDATE_DAYS = 30;

export interface Candidates {
  matcher: Matcher;
  /** What the papers taught of acronyms, for an alert's few new papers to use too. */
  acronyms: AcronymTable;
  /** When the oldest candidate was first seen (null: there are none): older sent papers cannot matter. */
  since: Date | null;
}

export interface DueLike {
  subscriberId: number;
  kind: EditionKind;
  period: string;
}

/** What the store knows of a batch of editions' readers. */
export interface Readers {
  /** The subscriber with their topics, as stored now; undefined when removed since the batch was planned. */
  subscriber(id: number): Subscriber | undefined;
  sent(due: DueLike): ReadonlySet<string>;
  /** Their model, read from the stored one at each call (an edition ranks with it once); null with none or one this version cannot read. */
  model(subscriberId: number): ReaderModel | null;
}

/**
 * A matcher over these papers. Acronyms are learned from the papers unless
 * given: an alert's few new papers use the recent window's, so that they
 * still know what "LLM" stands for.
 */
export function candidatesOf(papers: readonly Paper[], acronyms: AcronymTable = learnAcronyms(papers)): Candidates {
  return candidatesFrom(papers, buildIndex(papers), acronyms);
}

/**
 * The recent window's papers, as every daily and weekly edition draws on
 * them. Their index is read from the store when these same papers were
 * indexed before, else built and kept for the next run.
 */
export async function recentCandidates(app: App): Promise<Candidates> {
  const papers = await recentPapers(app.db, CANDIDATE_DAYS);
  const key = indexKey(papers);
  const stored = await storedMatchIndex(app.db, key);
  const decoded = stored && decodeIndex(papers, stored);
  if (decoded) {
    const candidates = candidatesFrom(papers, decoded.index, decoded.acronyms);
    // Kept with the index: the first reader with a model is scored without
    // making them again. Vectors of another format (kept by an older
    // version) are made afresh and kept, or every run until the papers
    // change would make them again.
    if (!adoptVectors(decoded.index, decoded.extra)) await keepIndex(app, key, candidates);
    return candidates;
  }
  const built = candidatesOf(papers);
  await keepIndex(app, key, built);
  return built;
}

async function keepIndex(app: App, key: string, candidates: Candidates): Promise<void> {
  try {
    await storeMatchIndex(app.db, key, encodeIndex(candidates.matcher.index, candidates.acronyms, encodeVectors(candidates.matcher.index)), app.clock.now());
  } catch (error) {
    // A cache: a store this process may only read (a preview, a dry run) still gets its digests.
    app.log.warn({ error: (error as Error).message }, 'could not keep the match index in the store; the next run builds it again');
  }
}

/** Indexes the recent window's papers and stores the index, unless it is stored already. */
export async function indexRecentPapers(app: App): Promise<void> {
  await recentCandidates(app);
}

function candidatesFrom(papers: readonly Paper[], index: PaperIndex, acronyms: AcronymTable): Candidates {
  return { matcher: createMatcher(index, { acronyms }), acronyms, since: firstSeen(papers) };
}

/**
 * Each edition's subscriber, the papers they already have of those that
 * could go in it (only rows of papers first seen since the oldest candidate
 * are read, however long the store's history), and their model.
 */
export async function readersOf(app: App, batch: readonly DueLike[], since: Date | null): Promise<Readers> {
  const sent = new Map<string, ReadonlySet<string>>();
  if (since !== null) {
    for (const kind of new Set(batch.map((due) => due.kind))) {
      const ids = batch.filter((due) => due.kind === kind).map((due) => due.subscriberId);
      for (const [id, papers] of await papersAlreadySent(app.db, kind, ids, since)) sent.set(`${kind}:${id}`, papers);
    }
  }
  const ids = [...new Set(batch.map((due) => due.subscriberId))];
  const subscribers = await subscribersByIds(app.db, ids);
  const models = await storedReaderModelsOf(app.db, ids);
  const none = new Set<string>();
  return {
    subscriber: (id) => subscribers.get(id),
    sent: (due) => sent.get(`${due.kind}:${due.subscriberId}`) ?? none,
    model: (id) => {
      const stored = models.get(id);
      if (stored === undefined) return null;
      const model = decodeReaderModel(stored);
      if (model === null) app.log.warn({ email: subscribers.get(id)?.email, subscriber: id }, "this reader's stored model cannot be read (a later paperboy's?): their digests rank by their topics alone until their next vote trains it again");
      return model;
    },
  };
}

/** One edition, chosen the one way. Built as of `now`: the schedule's clock decides which editions are due, never which papers they carry. */
export function editionFor(app: App, due: DueLike, subscriber: Subscriber, candidates: Candidates, readers: Readers, now: Date): Digest {
  return selectEdition(
    { kind: due.kind, period: due.period, subscriber, candidates: candidates.matcher, reader: readers.model(subscriber.id), sent: readers.sent(due), now },
    { maxPapers: app.config.digest.maxPapers, alsoForYou: app.config.digest.alsoForYou },
  );
}

/** When the earliest of these papers was first seen; null for none. */
export function firstSeen(papers: readonly Paper[]): Date | null {
  let oldest: string | null = null;
  for (const paper of papers) if (oldest === null || paper.firstSeenAt < oldest) oldest = paper.firstSeenAt;
  return oldest === null ? null : new Date(oldest);
}
