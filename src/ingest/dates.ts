// The date line of the Daily Papers page: `Mar 2`, `Aug 19, 2020`, and either
// form with a trailing upvote count: `May 31 2`, `Sep 13, 2024 2`. The page
// writes a year only after a comma, so a number after a bare day is upvotes.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// Anchored, short alternatives, no nested quantifiers: no backtracking blow-up.
const DATE_LINE = /^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{1,2})(?:, (\d{4}))?(?: (\d{1,7}))?$/;

/** Longer than any date line: skip the regex on prose. */
const MAX_DATE_LINE = 32;

export interface DateLine {
  month: number;
  day: number;
  year: number | null;
  upvotes: number | null;
}

export function matchDateLine(text: string): DateLine | null {
  if (text.length > MAX_DATE_LINE) return null;
  const match = DATE_LINE.exec(text);
  if (match === null) return null;
  return {
    month: MONTHS.indexOf(match[1]) + 1,
    day: Number(match[2]),
    year: match[3] === undefined ? null : Number(match[3]),
    upvotes: match[4] === undefined ? null : Number(match[4]),
  };
}

/**
 * `YYYY-MM-DD`, or null when the day does not exist (`Feb 30`). Without a
 * year the page means the current one, so take the latest such day not after
 * `now` (UTC): `Nov 30` read on 2025-11-26 is 2024-11-30. Eight years back
 * always holds a leap year, for `Feb 29`.
 */
export function isoDate(date: Pick<DateLine, 'month' | 'day' | 'year'>, now: Date): string | null {
  if (date.year !== null) return calendarDate(date.year, date.month, date.day);
  const today = now.toISOString().slice(0, 10);
  for (let year = now.getUTCFullYear(); year >= now.getUTCFullYear() - 8; year--) {
    const iso = calendarDate(year, date.month, date.day);
    if (iso !== null && iso <= today) return iso;
  }
  return null;
}

/** `YYYY-MM-DD` of that day, or null when it does not exist. */
export function calendarDate(year: number, month: number, day: number): string | null {
  if (year < 1 || year > 9999) return null;
  const at = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not read years 0–99 as 1900–1999.
  at.setUTCFullYear(year, month - 1, day);
  if (at.getUTCFullYear() !== year || at.getUTCMonth() !== month - 1 || at.getUTCDate() !== day) return null;
  return at.toISOString().slice(0, 10);
}
