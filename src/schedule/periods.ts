// Edition periods and keys. An edition is keyed `${kind}:${period}` per
// subscriber, and that key is unique in the store: it is what makes every
// send idempotent. Daily and weekly periods sort as strings in time order.

import { PaperboyError } from '../errors.js';
import type { EditionKind } from '../types.js';
import { DAY_MS, parseLocalDate, weekdayOf, type LocalDate } from './local-time.js';

export type Weekday = 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday';

/** 1 = Monday … 7 = Sunday, as in `Subscriber.sendWeekday`. */
export const WEEKDAY_NUMBERS: Readonly<Record<Weekday, number>> = {
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
  sunday: 7,
};

/**
 * The ISO 8601 week of a date, `YYYY-Www`. The year is the week-numbering
 * year, which differs from the calendar year near New Year: 2027-01-01 is in
 * 2026-W53, 2024-12-30 in 2025-W01.
 */
export function isoWeek(date: LocalDate): string {
  return isoWeekOf(parseLocalDate(date));
}

/** `isoWeek` on a day number. */
export function isoWeekOf(day: number): string {
  // A week belongs to the year that holds its Thursday.
  const thursday = day + 4 - weekdayOf(day);
  const year = new Date(thursday * DAY_MS).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1) / DAY_MS) / 7) + 1;
  return `${String(year).padStart(4, '0')}-W${String(week).padStart(2, '0')}`;
}

export function editionKey(kind: EditionKind, period: string): string {
  return `${kind}:${period}`;
}

/**
 * The period of an instant alert: a short, stable name for the ingest that
 * brought the papers. A sha256 (the dump's) shortens to its first 16 hex
 * digits, 64 bits, so keys and Message-IDs stay readable without any
 * realistic chance of two ingests colliding; any other id (a row number, a
 * run id) is used as it is.
 */
export function instantPeriod(ingestId: string): string {
  if (/^[0-9a-fA-F]{64}$/.test(ingestId)) return ingestId.slice(0, 16).toLowerCase();
  if (/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(ingestId)) return ingestId;
  throw new PaperboyError(
    'PB_USAGE',
    `ingest id ${JSON.stringify(ingestId)} cannot name an instant edition — use the dump's sha256 or up to 64 letters, digits, "_", "." and "-"`,
  );
}
