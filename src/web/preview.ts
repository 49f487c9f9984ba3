// The live preview: which recent papers a topic list would match. The index
// over recent papers is built once per ingest and shared; each preview gets
// a fresh matcher, since a matcher memoises every query it sees and people
// typing produce endless new ones.

import { buildIndex, createMatcher, type PaperIndex } from '../match/index.js';
import { lastIngest, recentPapers, type Db } from '../store/index.js';
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

export class RecentPapers {
  readonly #db: Db;
  #cached: { key: string; index: Promise<PaperIndex> } | null = null;

  constructor(db: Db) {
    this.#db = db;
  }

  /** The index over recent papers, rebuilt only when an ingest has happened since. */
  async index(): Promise<PaperIndex> {
    const dump = await lastIngest(this.#db);
    const key = dump ? `${dump.id}` : 'none';
    if (this.#cached?.key !== key) {
      const index = recentPapers(this.#db, RECENT_DAYS).then((papers) => buildIndex(papers));
      this.#cached = { key, index };
      // A failed build must not stay cached.
      index.catch(() => {
        if (this.#cached?.index === index) this.#cached = null;
      });
    }
    return this.#cached.index;
  }
}

export function previewTopics(index: PaperIndex, text: string, limit = PREVIEW_LIMIT): PreviewResult {
  const { topics, errors } = readTopics(text);
  if (errors.length > 0) return { ok: false, errors };
  const { matches, total } = createMatcher(index).matchTopics(topics, { limit });
  return { ok: true, total, recent: index.papers.length, papers: matches.map((match) => paperCard(match.paper, match, PREVIEW_SNIPPET)) };
}
