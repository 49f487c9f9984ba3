// Dates as a reader in the subscriber's time zone sees them. Formatters are
// costly to build and a renderer formats the same few zones all day, so each
// one is built once.

const formatters = new Map<string, Intl.DateTimeFormat>();
const MAX_FORMATTERS = 1_000;

type Style = 'long' | 'short' | 'dayMonth' | 'day';

const STYLES: Record<Style, Intl.DateTimeFormatOptions> = {
  long: { weekday: 'long', day: 'numeric', month: 'long' },
  short: { weekday: 'short', day: 'numeric', month: 'short' },
  dayMonth: { day: 'numeric', month: 'long' },
  day: { day: 'numeric' },
};

/**
 * Formatted dates by style, zone and minute. Every message of a run is
 * dated a few milliseconds after the last, so keyed by the instant each
 * was a miss; no style shows the time, and every zone's offset is whole
 * minutes, so all the instants of one minute read the same.
 */
const labels = new Map<string, string>();
const MINUTE_MS = 60_000;

function format(instant: Date, timeZone: string, style: Style): string {
  const id = `${style} ${timeZone}`;
  const time = instant.getTime();
  const key = `${id} ${time - (((time % MINUTE_MS) + MINUTE_MS) % MINUTE_MS)}`;
  let label = labels.get(key);
  if (label === undefined) {
    label = formatWith(formatterFor(id, timeZone, style), instant);
    if (labels.size >= MAX_FORMATTERS) labels.clear();
    labels.set(key, label);
  }
  return label;
}

function formatterFor(id: string, timeZone: string, style: Style): Intl.DateTimeFormat {
  let formatter = formatters.get(id);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-GB', { ...STYLES[style], timeZone });
    } catch {
      // A zone Intl does not know cannot stop a message: fall back to UTC.
      formatter = new Intl.DateTimeFormat('en-GB', { ...STYLES[style], timeZone: 'UTC' });
    }
    if (formatters.size >= MAX_FORMATTERS) formatters.clear();
    formatters.set(id, formatter);
  }
  return formatter;
}

function formatWith(formatter: Intl.DateTimeFormat, instant: Date): string {
  // en-GB puts a comma after the weekday ("Tuesday, 24 November"); we drop it.
  return formatter.format(instant).replace(',', '');
}

/** `Tuesday 24 November` */
export function longDate(instant: Date, timeZone: string): string {
  return format(instant, timeZone, 'long');
}

/** `Tue 24 Nov` */
export function shortDate(instant: Date, timeZone: string): string {
  return format(instant, timeZone, 'short');
}

/** `17 – 24 November`, or `28 October – 3 November` across months. */
export function dateRange(from: Date, to: Date, timeZone: string): string {
  const first = format(from, timeZone, 'dayMonth');
  const last = format(to, timeZone, 'dayMonth');
  const sameMonth = first.replace(/^\d+ /, '') === last.replace(/^\d+ /, '');
  return `${sameMonth ? format(from, timeZone, 'day') : first} – ${last}`;
}

/** `24 Nov 2025` from an ISO date `2025-11-24`, or null when it is not one. */
export function publishedLabel(isoDate: string | null): string | null {
  if (!isoDate || !/^\d{4}-\d{2}-\d{2}$/.test(isoDate)) return null;
  // A digest shows a handful of distinct dates, thousands of times over.
  let label = published.get(isoDate);
  if (label === undefined) {
    const date = new Date(`${isoDate}T00:00:00Z`);
    label = Number.isNaN(date.getTime()) ? null : PUBLISHED.format(date);
    if (published.size >= MAX_FORMATTERS) published.clear();
    published.set(isoDate, label);
  }
  return label;
}

const published = new Map<string, string | null>();

const PUBLISHED = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
