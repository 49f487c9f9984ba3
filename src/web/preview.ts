// The live preview: which recent papers a topic list would bring a reader,
// chosen by the same path as their digests (their votes included). The
// index over recent papers, and the acronyms learned from them, are built
// once per ingest and shared (the web copy keeps the run's window the same
// way); each preview gets a fresh matcher, since a matcher memoises every
// query it sees and people typing produce endless new ones.

import { selectEdition } from '../digest/index.js';
import type { ReaderModel } from '../learn/index.js';
import { buildIndex, createMatcher, learnAcronyms, type AcronymTable, type Matcher, type PaperIndex } from '../match/index.js';
import { lastIngest, recentPapers, type Db } from '../store/index.js';
import type { Match, Subscriber, Topic } from '../types.js';
import { readTopics, type TopicError } from './form.js';
import { paperCard, type PaperCard } from './paper-view.js';

/** "Recent": papers first seen within this many days of the newest one. */
export const RECENT_DAYS = 7;
export const PREVIEW_LIMIT = 5;
/** Shorter than a digest's snippets: the preview sits between the topics and the Save button. */
const PREVIEW_SNIPPET = 220;

export type PreviewResult =
  | { ok: true; total: number; recent: number; papers: PaperCard[] }
  | { ok: false; errors: TopicError[] };

interface RecentIndex {
  index: PaperIndex;
  acronyms: AcronymTable;
}

export class RecentPapers {
  readonly #db: Db;
  readonly #days: number;
  #cached: { key: string; built: Promise<RecentIndex> } | null = null;

  /** Papers first seen within `days` of the newest one. */
  constructor(db: Db, days = RECENT_DAYS) {
    this.#db = db;
    this.#days = days;
  }

  /** A fresh matcher over recent papers; the index under it is rebuilt only when an ingest has happened since. */
  async matcher(): Promise<Matcher> {
    const { index, acronyms } = await this.#built();
    return createMatcher(index, { acronyms });
  }

  async #built(): Promise<RecentIndex> {
    const dump = await lastIngest(this.#db);
    const key = dump ? `${dump.id}` : 'none';
    if (this.#cached?.key !== key) {
      const built = recentPapers(this.#db, this.#days).then((papers) => ({ index: buildIndex(papers), acronyms: learnAcronyms(papers) }));
      this.#cached = { key, built };
      // A failed build must not stay cached.
      built.catch(() => {
        if (this.#cached?.built === built) this.#cached = null;
      });
    }
    return this.#cached.built;
  }
}

/** The papers a reader's digest would hold now, best first, with no papers held back as already sent. */
export function recentSelection(matcher: Matcher, subscriber: Pick<Subscriber, 'id' | 'email' | 'name' | 'timezone'> & { topics: readonly Topic[] }, reader: ReaderModel | null, options: { limit: number; alsoForYou: number; now: Date }): { matches: Match[]; total: number } {
  const digest = selectEdition(
    { kind: 'daily', period: 'preview', subscriber: { ...subscriber, topics: [...subscriber.topics], maxPapers: options.limit, alsoForYou: options.alsoForYou }, candidates: matcher, reader, sent: new Set(), now: options.now },
    { maxPapers: options.limit, alsoForYou: options.alsoForYou },
  );
  const matches = digest.sections.flatMap((section) => section.matches);
  const topical = digest.sections.filter((section) => !section.also).reduce((sum, section) => sum + section.matches.length, 0);
  return { matches, total: topical + digest.moreCount };
}

export function previewTopics(matcher: Matcher, text: string, reader: ReaderModel | null, now: Date, limit = PREVIEW_LIMIT): PreviewResult {
  const { topics, errors } = readTopics(text);
  if (errors.length > 0) return { ok: false, errors };
  const { matches, total } = recentSelection(matcher, { id: 0, email: '', name: null, timezone: 'UTC', topics }, reader, { limit, alsoForYou: 0, now });
  return { ok: true, total, recent: matcher.index.papers.length, papers: matches.map((match) => paperCard(match.paper, match, PREVIEW_SNIPPET)) };
}
