import { matchDateLine } from './dates.js';
import { clean } from './lines.js';

// The page chrome above the papers. It is never a paper, wherever it appears.
const HEADER_LINES = new Set([
  'new',
  'Get trending papers in your email inbox!',
  'Get trending papers in your email inbox once a day!',
  'Subscribe',
  'Daily Papers',
  'byAK and the research community',
]);

const SUBSCRIBE = 'Subscribe';

export function isHeaderLine(text: string): boolean {
  return HEADER_LINES.has(text);
}

export interface HeaderSkip {
  /** Index of the first line after the header run (blank lines skipped too). */
  index: number;
  /** The first title, when the copy glued it to `Subscribe` on that line. */
  gluedTitle: string | null;
  /** Whether any header line was found. */
  found: boolean;
}

/**
 * Skips a run of page-header lines from `from`: the fixed lines, the page
 * date that follows them (`Mar 11`), and a `Subscribe` glued to the first
 * title (`SubscribeRobust Model-Based …`).
 */
export function skipHeader(lines: string[], from: number): HeaderSkip {
  let found = false;
  let subscribed = false;
  for (let i = from; i < lines.length; i++) {
    const text = clean(lines[i]);
    if (text === '') continue;
    if (HEADER_LINES.has(text)) {
      found = true;
      subscribed ||= text === SUBSCRIBE;
      continue;
    }
    // A date line is the page date right after header lines or at the top of the
    // file; after an abstract it is that paper's metadata.
    if ((found || from === 0) && matchDateLine(text) !== null) continue;
    const glued = subscribed ? null : unglue(text, found || from === 0);
    return { index: i, gluedTitle: glued, found: found || glued !== null };
  }
  return { index: lines.length, gluedTitle: null, found };
}

// `Subscriber Churn …` is a title, `SubscribeRobust …` is the button glued to one:
// glued text starts like a title, not in lower case. Mid-file, only right after
// header lines, so a title such as `SubscribeNet: …` among the papers stays whole.
function unglue(text: string, allowed: boolean): string | null {
  if (!allowed || text.length === SUBSCRIBE.length || !text.startsWith(SUBSCRIBE)) return null;
  const next = text.charAt(SUBSCRIBE.length);
  const lowerCase = next.toLowerCase() === next && next.toUpperCase() !== next;
  return lowerCase ? null : clean(text.slice(SUBSCRIBE.length));
}
