import { PaperboyError } from '../errors.js';

/** `--at 2026-11-24T07:00:00Z` (a date alone means its midnight UTC). */
export function parseInstant(value: string, flag = '--at'): Date {
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) {
    throw new PaperboyError('PB_USAGE', `${flag} ${value}: not an instant — use ISO 8601, e.g. 2026-11-24T07:00:00Z`);
  }
  return date;
}

export function positiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new PaperboyError('PB_USAGE', `${flag} ${value}: expected a whole number of at least 1`);
  return n;
}

export function oneOf<T extends string>(allowed: readonly T[], flag: string): (value: string) => T {
  return (value) => {
    if (!(allowed as readonly string[]).includes(value)) throw new PaperboyError('PB_USAGE', `${flag} ${value}: expected one of ${allowed.join(', ')}`);
    return value as T;
  };
}
