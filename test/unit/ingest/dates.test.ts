import { describe, expect, it } from 'vitest';
import { isoDate, matchDateLine } from '../../../src/ingest/dates.js';

const NOW = new Date('2025-11-26T10:00:00Z');

describe('the page date line', () => {
  it('reads a year only after a comma, and a trailing number as upvotes', () => {
    expect(matchDateLine('Mar 2')).toEqual({ month: 3, day: 2, year: null, upvotes: null });
    expect(matchDateLine('May 31 2')).toEqual({ month: 5, day: 31, year: null, upvotes: 2 });
    expect(matchDateLine('Aug 19, 2020')).toEqual({ month: 8, day: 19, year: 2020, upvotes: null });
    expect(matchDateLine('Sep 13, 2024 2')).toEqual({ month: 9, day: 13, year: 2024, upvotes: 2 });
    expect(matchDateLine('Mar 2 2024')).toEqual({ month: 3, day: 2, year: null, upvotes: 2024 });
  });

  it('is nothing else', () => {
    for (const text of ['March 2', 'Mar', 'mar 2', 'Mar 2,', 'Mar 2, 24', '2 Mar', 'Mar 2 is a title', '  • 8 authors']) {
      expect(matchDateLine(text)).toBeNull();
    }
  });

  it('without a year is the latest such day not after now', () => {
    expect(isoDate({ month: 3, day: 2, year: null }, NOW)).toBe('2025-03-02');
    expect(isoDate({ month: 11, day: 26, year: null }, NOW)).toBe('2025-11-26');
    expect(isoDate({ month: 11, day: 27, year: null }, NOW)).toBe('2024-11-27');
    expect(isoDate({ month: 2, day: 29, year: null }, NOW)).toBe('2024-02-29');
  });

  it('that is not in the calendar has no date', () => {
    expect(isoDate({ month: 2, day: 30, year: null }, NOW)).toBeNull();
    expect(isoDate({ month: 2, day: 29, year: 2023 }, NOW)).toBeNull();
    expect(isoDate({ month: 4, day: 31, year: 2024 }, NOW)).toBeNull();
    expect(isoDate({ month: 1, day: 5, year: 1999 }, NOW)).toBe('1999-01-05');
  });
});
