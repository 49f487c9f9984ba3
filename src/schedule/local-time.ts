// Wall-clock time in IANA zones, built on Intl.DateTimeFormat alone. Building
// a formatter costs about 25 times more than using one, so each zone's
// formatter is made once and kept.

import { PaperboyError } from '../errors.js';
import { isUtcOffset } from '../time-zone.js';

/** A local calendar date, `YYYY-MM-DD`. */
export type LocalDate = string;

const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
// Zone names come from subscribers, and Intl accepts any capitalisation of
// them: the cap keeps odd spellings from growing the cache without bound.
const MAX_FORMATTERS = 1_000;

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  const cached = formatters.get(timeZone);
  if (cached) return cached;
  // An empty or missing zone would make Intl silently use the machine's zone.
  if (typeof timeZone !== 'string' || timeZone === '' || isUtcOffset(timeZone)) throw unknownZone(timeZone);
  let formatter: Intl.DateTimeFormat;
  try {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch (cause) {
    throw unknownZone(timeZone, cause);
  }
  if (formatters.size >= MAX_FORMATTERS) formatters.clear();
  formatters.set(timeZone, formatter);
  return formatter;
}

function unknownZone(timeZone: unknown, cause?: unknown): PaperboyError {
  return new PaperboyError(
    'PB_SUBSCRIBER_INVALID',
    `time zone ${JSON.stringify(timeZone)} is not an IANA time zone — use a name like Europe/London or America/New_York`,
    { cause },
  );
}

const readings = new Map<string, number>();
// Computing the slots due at one instant asks for the same few readings per
// zone again and again (today's date, the offsets around it), whatever the
// send hour; remembering them makes a slot cost map lookups, not formatting.
const MAX_READINGS = 20_000;

/** The wall-clock reading of the instant `ms` in `timeZone`, to the second, expressed as if it were UTC. */
function wallClock(ms: number, timeZone: string): number {
  const id = `${ms} ${timeZone}`;
  let reading = readings.get(id);
  if (reading === undefined) {
    reading = readClock(ms, timeZone);
    if (readings.size >= MAX_READINGS) readings.clear();
    readings.set(id, reading);
  }
  return reading;
}

function readClock(ms: number, timeZone: string): number {
  // format() is about three times faster than formatToParts(); en-US always
  // orders the numbers month, day, year, hour, minute, second.
  const [month, day, year, hour, minute, second] = formatterFor(timeZone).format(ms).match(/\d+/g)!.map(Number);
  const wall = new Date(0);
  // setUTCFullYear, unlike Date.UTC, keeps years 0–99 as they are.
  wall.setUTCFullYear(year, month - 1, day);
  wall.setUTCHours(hour, minute, second, 0);
  return wall.getTime();
}

/** The zone's offset from UTC at the instant `ms`, in milliseconds (east positive). */
function offsetAt(ms: number, timeZone: string): number {
  return wallClock(ms, timeZone) - (ms - mod(ms, 1000));
}

/** The calendar date at `instant` in `timeZone`, `YYYY-MM-DD`. */
export function localDate(instant: Date, timeZone: string): LocalDate {
  return formatDay(localDayAt(instant.getTime(), timeZone));
}

/**
 * The instant at which the clocks in `timeZone` show `hour`:00 on `date`.
 * An hour that does not exist that day (clocks spring forward over it) gives
 * the first instant after it, when the clocks show the new time; an hour that
 * happens twice (clocks fall back) gives its first occurrence.
 */
export function zonedInstant(date: LocalDate, hour: number, timeZone: string): Date {
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) {
    throw new PaperboyError('PB_USAGE', `hour ${hour} is not a whole hour from 0 to 23`);
  }
  return new Date(instantOn(parseLocalDate(date), hour, timeZone));
}

// Inside the module dates are day numbers, whole days since 1970-01-01, so
// that stepping through days and weeks is arithmetic, not string handling.

/** The local day number at the instant `ms`. */
export function localDayAt(ms: number, timeZone: string): number {
  return Math.floor(wallClock(ms, timeZone) / DAY_MS);
}

/** `zonedInstant` on a day number, in milliseconds. */
export function instantOn(day: number, hour: number, timeZone: string): number {
  const midnight = day * DAY_MS;
  const wall = midnight + hour * HOUR_MS;
  // Offsets run from -12 to +14 hours, so any instant that shows a time on
  // this day lies between these two probes; they do not depend on the hour,
  // so every send hour in a zone shares them.
  const before = offsetAt(midnight - DAY_MS, timeZone);
  const after = offsetAt(midnight + 2 * DAY_MS, timeZone);
  if (before === after) return wall - before;
  // A transition lies near: each offset gives a candidate instant, which is
  // real only if the zone has that offset then.
  const real = [wall - before, wall - after].filter((ms) => offsetAt(ms, timeZone) === wall - ms);
  if (real.length > 0) return Math.min(...real);
  return firstInstantShowing(wall, Math.min(wall - before, wall - after), Math.max(wall - before, wall - after), timeZone);
}

/** In a gap, the transition itself: the first whole second in (low, high] whose reading is at or after `wall`. */
function firstInstantShowing(wall: number, low: number, high: number, timeZone: string): number {
  while (high - low > 1000) {
    const middle = low + Math.floor((high - low) / 2000) * 1000;
    if (wallClock(middle, timeZone) >= wall) high = middle;
    else low = middle;
  }
  return high;
}

/** 1 = Monday … 7 = Sunday. */
export function weekdayOf(day: number): number {
  // Day 0, 1970-01-01, was a Thursday.
  return mod(day + 3, 7) + 1;
}

/** The day number of `date`; throws if `date` is not a real `YYYY-MM-DD`. */
export function parseLocalDate(date: LocalDate): number {
  const found = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const day = found ? Date.UTC(Number(found[1]), Number(found[2]) - 1, Number(found[3])) / DAY_MS : NaN;
  // Date.UTC rolls 2026-02-30 over into March; the round trip catches it.
  if (Number.isNaN(day) || formatDay(day) !== date) {
    throw new PaperboyError('PB_USAGE', `${JSON.stringify(date)} is not a calendar date — write it as YYYY-MM-DD, e.g. 2026-11-24`);
  }
  return day;
}

export function formatDay(day: number): LocalDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function mod(value: number, divisor: number): number {
  return ((value % divisor) + divisor) % divisor;
}
