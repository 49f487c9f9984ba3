import { describe, expect, it } from 'vitest';
import { longDate, shortDate } from '../../../src/render/dates.js';

describe('dates', () => {
  it('turns the day at midnight in the zone, also where the offset is not whole hours, one millisecond apart', () => {
    // Kathmandu is UTC+5:45: its midnight is at 18:15 UTC.
    expect(longDate(new Date('2026-11-24T18:14:59.999Z'), 'Asia/Kathmandu')).toBe('Tuesday 24 November');
    expect(longDate(new Date('2026-11-24T18:15:00.000Z'), 'Asia/Kathmandu')).toBe('Wednesday 25 November');
    expect(longDate(new Date('2026-11-24T18:14:59.998Z'), 'Asia/Kathmandu')).toBe('Tuesday 24 November');
    expect(shortDate(new Date('2026-11-24T23:59:59.999Z'), 'UTC')).toBe('Tue 24 Nov');
    expect(shortDate(new Date('2026-11-25T00:00:00.000Z'), 'UTC')).toBe('Wed 25 Nov');
    expect(shortDate(new Date('2026-11-24T23:59:00.000Z'), 'UTC')).toBe('Tue 24 Nov');
  });

  it('dates instants before 1970 too', () => {
    expect(longDate(new Date('1969-12-31T23:59:59.500Z'), 'UTC')).toBe('Wednesday 31 December');
    expect(longDate(new Date('1970-01-01T00:00:00.000Z'), 'UTC')).toBe('Thursday 1 January');
  });
});
