// Abstract snippets: a window of the abstract around the matched words, cut
// at word boundaries, so a digest shows why a paper matched without carrying
// whole abstracts (which would push a 20-paper email past Gmail's clip).

export interface Span {
  start: number;
  end: number;
}

export interface Excerpt {
  text: string;
  /** Highlight spans, relative to `text`, sorted and disjoint. */
  marks: Span[];
  /** True when text was cut before / after the excerpt (shown as "…"). */
  cutStart: boolean;
  cutEnd: boolean;
}

export const SNIPPET_LENGTH = 360;
// Context kept before the first highlight, so it is not the snippet's first word.
const LEAD = 80;
// A snippet starting this close to the top starts at the top instead.
const MIN_CUT = 40;
// How far a snippet may run past its length to finish a highlight.
const MAX_OVERRUN = 30;
// Highlights past this many are not looked at: a window of SNIPPET_LENGTH
// shows a few dozen at most, and an abstract that repeats a phrase thousands
// of times would otherwise be walked in full for every card of it.
export const MAX_MARKS = 1_000;

/** Sorts, clamps and merges highlight spans; drops empty or out-of-range ones. */
export function normaliseSpans(spans: readonly Span[], length: number): Span[] {
  const clamped: Span[] = [];
  let sorted = true;
  for (const span of spans) {
    const start = Math.max(0, Math.floor(span.start));
    const end = Math.min(length, Math.floor(span.end));
    if (!(start < end)) continue; // also drops NaN
    if (clamped.length > 0 && start < clamped[clamped.length - 1].start) sorted = false;
    clamped.push({ start, end });
  }
  if (!sorted) clamped.sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: Span[] = [];
  for (const span of clamped) {
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push(span);
  }
  return merged;
}

export function excerpt(text: string, spans: readonly Span[], maxLength = SNIPPET_LENGTH): Excerpt {
  const marks = normaliseSpans(spans, text.length).slice(0, MAX_MARKS);
  if (text.length <= maxLength) return { text, marks, cutStart: false, cutEnd: false };
  const start = snapStart(text, windowStart(marks, maxLength), marks);
  const end = snapEnd(text, start, maxLength, marks);
  return {
    text: text.slice(start, end),
    marks: marks.filter((m) => m.start >= start && m.end <= end).map((m) => ({ start: m.start - start, end: m.end - start })),
    cutStart: start > 0,
    cutEnd: end < text.length,
  };
}

/**
 * The window start that shows the most highlights (the earliest such window).
 * Marks are sorted and disjoint, so the marks inside a window are a run of
 * them whose both ends only move forward as the window does: one pass.
 */
function windowStart(marks: Span[], maxLength: number): number {
  let best = 0;
  let bestCount = 0;
  while (bestCount < marks.length && marks[bestCount].end <= maxLength) bestCount++;
  let first = 0;
  let last = 0;
  for (const mark of marks) {
    const start = Math.max(0, mark.start - LEAD);
    while (first < marks.length && marks[first].start < start) first++;
    if (last < first) last = first;
    while (last < marks.length && marks[last].end <= start + maxLength) last++;
    if (last - first > bestCount) {
      best = start;
      bestCount = last - first;
    }
  }
  return best < MIN_CUT ? 0 : best;
}

/** Moves the start to a sentence start shortly before, else to the next word. */
function snapStart(text: string, start: number, marks: Span[]): number {
  if (start === 0) return 0;
  const firstMark = marks.find((m) => m.start >= start)?.start ?? start;
  const before = text.slice(Math.max(0, start - LEAD), firstMark);
  const sentence = Math.max(before.lastIndexOf('. '), before.lastIndexOf('? '), before.lastIndexOf('! '));
  if (sentence >= 0) return Math.max(0, start - LEAD) + sentence + 2;
  const space = text.slice(start, firstMark).search(/\s/);
  return space >= 0 ? start + space + 1 : start;
}

/** The last whitespace at or before `from` and after `floor`, or -1. */
function lastSpace(text: string, from: number, floor: number): number {
  for (let at = from; at > floor; at--) {
    const code = text.charCodeAt(at);
    if (code === 32 || (code >= 9 && code <= 13) || code === 0xa0) return at;
  }
  return -1;
}

/** Ends at the last word boundary within the length, never inside a highlight. */
function snapEnd(text: string, start: number, maxLength: number, marks: Span[]): number {
  let end = start + maxLength;
  if (end >= text.length) return text.length;
  const straddling = marks.find((m) => m.start < end && m.end > end);
  // A highlight cut in two reads badly: finish a short one, drop a long one.
  if (straddling && straddling.end - end <= MAX_OVERRUN) end = straddling.end;
  else {
    if (straddling) end = straddling.start;
    const space = lastSpace(text, end, start + maxLength / 2);
    if (space > 0) end = space;
  }
  while (end > start && /[\s,;:(\-–—]/.test(text[end - 1])) end--;
  return end;
}
