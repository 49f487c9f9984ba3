// The web copy of a sent digest (`/d/<token>`, its email's "view in
// browser"): the papers the email carried, then the others that matched and
// did not fit under maxPapers, which its "see all N in your browser"
// promises. Those are chosen again, by the one selection path, among the
// recent papers the edition could have carried that the reader has not been
// sent since.

import type { App } from '../app.js';
import { selectEdition, withRest } from '../digest/index.js';
import type { Matcher } from '../match/index.js';
import { withSeen } from '../sent-papers.js';
import type { Digest, Subscriber } from '../types.js';
import { firstSeen, readersOf } from './candidates.js';

/** The most papers a web copy adds to its email's: a page, not the whole window. */
export const WEB_COPY_MORE = 100;

/**
 * `window` gives a matcher over the papers of the run's candidate window
 * (CANDIDATE_DAYS); the web server keeps their index between requests.
 */
export async function webCopyDigest(app: App, digest: Digest, subscriber: Subscriber, window: () => Promise<Matcher>): Promise<Digest> {
  const kind = digest.kind;
  // An alert keeps every match (Digest.emailLimit): its copy has them all already.
  if (digest.moreCount === 0 || (kind !== 'daily' && kind !== 'weekly')) return digest;
  const matcher = await window();
  const due = { subscriberId: subscriber.id, kind, period: digest.period };
  const readers = await readersOf(app, [due], firstSeen(matcher.index.papers));
  // A paper that arrived after the edition was not among what it matched.
  const edition = Date.parse(digest.at);
  const later = matcher.index.papers.filter((paper) => Date.parse(paper.firstSeenAt) > edition).map((paper) => paper.id);
  const rest = selectEdition(
    {
      kind,
      period: digest.period,
      subscriber: { ...subscriber, maxPapers: WEB_COPY_MORE, alsoForYou: 0 },
      candidates: matcher,
      reader: readers.model(subscriber.id),
      sent: withSeen(readers.sent(due), later),
      now: new Date(digest.at),
    },
    { maxPapers: WEB_COPY_MORE, alsoForYou: 0 },
  );
  return withRest(digest, rest.sections, rest.moreCount);
}
