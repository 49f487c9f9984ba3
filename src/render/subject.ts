// Subjects and preheaders that say what is inside: the count, the topics,
// the date; for a single alert, the paper itself.

import type { Digest } from '../types.js';
import { dateRange, shortDate } from './dates.js';
import { remembering } from '../remember.js';
import { headerText } from './headers.js';

/** headerText for paper titles and topic names: the same few hundred in every message of a run. */
const cleanName = remembering(headerText);

const MAX_SUBJECT = 140;
const MAX_PREHEADER = 150;

export function subjectFor(digest: Digest, brand: string): string {
  const count = paperCount(digest);
  const topics = topicList(digest);
  let subject: string;
  switch (digest.kind) {
    case 'confirm':
      subject = `Confirm your subscription to ${brand}`;
      break;
    case 'daily': {
      const day = shortDate(...dayOf(digest));
      subject = count === 0 ? `No new papers — ${day}` : `${papers(count)}: ${topics} — ${day}`;
      break;
    }
    case 'weekly':
      subject =
        count === 0
          ? `Your week in papers: nothing new matched (${weekRange(digest)})`
          : `Your week in papers: ${count} on ${topics} (${weekRange(digest)})`;
      break;
    case 'instant':
      subject =
        count === 0
          ? `No new papers — ${shortDate(...dayOf(digest))}`
          : count === 1
            ? `New paper: ${cleanName(digest.sections[0].matches[0].paper.title)}`
            : `${papers(count)} matching ${topics}`;
      break;
  }
  return clip(headerText(subject), MAX_SUBJECT);
}

/** The hidden preview line under the subject in an inbox: the top titles. */
export function preheaderFor(digest: Digest): string {
  if (digest.kind === 'confirm') return `One click to start your ${digest.confirm?.frequency ?? 'daily'} papers — the link is valid for 7 days.`;
  const titles = digest.sections.flatMap((section) => section.matches.map((match) => match.paper.title)).slice(0, 4);
  if (titles.length === 0) return 'Nothing new matched your topics this time.';
  return clip(titles.map(cleanName).join(' · '), MAX_PREHEADER);
}

/**
 * The day a digest is dated by, as an instant and the zone to read it in: a
 * daily edition's own day (its period, a date in the subscriber's zone),
 * whenever it was built, so a run that catches up, or `run --at`, dates it
 * as `preview --at` and the schedule do; otherwise the instant it was built.
 */
export function dayOf(digest: Digest): [Date, string] {
  const day = digest.kind === 'daily' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(digest.period) : null;
  if (day) return [new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]), 12)), 'UTC'];
  return [new Date(digest.at), digest.subscriber.timezone];
}

export function weekRange(digest: Digest): string {
  const at = new Date(digest.at);
  return dateRange(new Date(at.getTime() - 7 * 86_400_000), at, digest.subscriber.timezone);
}

export function paperCount(digest: Digest): number {
  return digest.sections.reduce((sum, section) => sum + section.matches.length, 0);
}

function papers(count: number): string {
  return count === 1 ? '1 new paper' : `${count} new papers`;
}

/** `Diffusion, OOD` — at most three names, then `+2 more`. */
function topicList(digest: Digest): string {
  const names = digest.sections.filter((section) => !section.also).map((section) => clip(cleanName(section.topic), 40));
  return names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} +${names.length - 3} more`;
}

/** Cuts at a word boundary and adds an ellipsis when the text is too long. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:·—-]+$/, '')}…`;
}
