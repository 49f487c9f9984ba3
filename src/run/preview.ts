import type { App } from '../app.js';
import { buildEdition } from '../digest/index.js';
import { PaperboyError } from '../errors.js';
import { buildIndex, createMatcher } from '../match/index.js';
import { instantPeriod, latestSlot } from '../schedule/index.js';
import { findSubscriberByEmail, lastIngest, papersAlreadySent, papersOfDumps, recentPapers } from '../store/index.js';
import type { Digest, EditionKind, Paper } from '../types.js';
import { CANDIDATE_DAYS } from './run-once.js';

export type PreviewKind = 'daily' | 'weekly' | 'alert';

/**
 * The digest a subscriber would get at `at`, built exactly as a run builds
 * it (same papers, same already-sent exclusions), without recording anything.
 */
export async function previewDigest(app: App, options: { email: string; kind?: PreviewKind; at: Date }): Promise<Digest> {
  const subscriber = await findSubscriberByEmail(app.db, options.email);
  if (!subscriber) {
    throw new PaperboyError('PB_SUBSCRIBER_UNKNOWN', `${options.email}: no such subscriber — "paperboy subscribers list" shows who is subscribed`);
  }
  const kind: EditionKind = toKind(options.kind ?? (subscriber.frequency === 'instant' ? 'alert' : subscriber.frequency));
  let papers: Paper[];
  let period: string;
  if (kind === 'instant') {
    const dump = await lastIngest(app.db);
    papers = dump ? await papersOfDumps(app.db, [dump.id]) : [];
    period = instantPeriod(dump?.sha256 ?? 'preview');
  } else {
    papers = await recentPapers(app.db, CANDIDATE_DAYS);
    period = latestSlot(kind, subscriber, options.at, app.config).period;
  }
  const sent = (await papersAlreadySent(app.db, kind, [subscriber.id])).get(subscriber.id) ?? new Set<string>();
  const { matches } = createMatcher(buildIndex(papers)).matchTopics(subscriber.topics, { exclude: sent });
  return buildEdition({ kind, period, subscriber, matches, sentPaperIds: sent, now: options.at }, { maxPapers: app.config.digest.maxPapers });
}

function toKind(kind: PreviewKind | 'instant'): EditionKind {
  return kind === 'alert' ? 'instant' : kind;
}
