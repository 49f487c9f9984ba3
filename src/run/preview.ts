import type { App } from '../app.js';
import { PaperboyError } from '../errors.js';
import { instantPeriod, latestSlot } from '../schedule/index.js';
import { findSubscriberByEmail, lastIngest, papersOfDumps } from '../store/index.js';
import type { Digest, EditionKind } from '../types.js';
import { candidatesOf, editionFor, readersOf, recentCandidates, type Candidates } from './candidates.js';

export type PreviewKind = 'daily' | 'weekly' | 'alert';

/**
 * The digest a subscriber would get from a run at `at` (by default now),
 * chosen exactly as a run chooses it (same candidates, same already-sent
 * papers, same reader model), without recording anything.
 */
export async function previewDigest(app: App, options: { email: string; kind?: PreviewKind; at: Date }): Promise<Digest> {
  const subscriber = await findSubscriberByEmail(app.db, options.email);
  if (!subscriber) {
    throw new PaperboyError('PB_SUBSCRIBER_UNKNOWN', `${options.email}: no such subscriber — "paperboy subscribers list" shows who is subscribed`);
  }
  const kind: EditionKind = toKind(options.kind ?? (subscriber.frequency === 'instant' ? 'alert' : subscriber.frequency));
  const recent = await recentCandidates(app);
  let candidates: Candidates = recent;
  let period: string;
  if (kind === 'instant') {
    const dump = await lastIngest(app.db);
    candidates = candidatesOf(dump ? await papersOfDumps(app.db, [dump.id]) : [], recent.acronyms);
    period = instantPeriod(dump?.sha256 ?? 'preview');
  } else {
    period = latestSlot(kind, subscriber, options.at, app.config).period;
  }
  const due = { subscriberId: subscriber.id, kind, period };
  const readers = await readersOf(app, [due], candidates.since);
  return editionFor(app, due, subscriber, candidates, readers, options.at);
}

function toKind(kind: PreviewKind | 'instant'): EditionKind {
  return kind === 'alert' ? 'instant' : kind;
}
