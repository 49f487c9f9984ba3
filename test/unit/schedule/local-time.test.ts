import { describe, expect, it } from 'vitest';
import { localDate, zonedInstant } from '../../../src/schedule/index.js';
import { at, codeOf } from './helpers.js';

describe('localDate', () => {
  it('gives the calendar date in the zone, not in UTC', () => {
    const instant = at('2026-11-24T23:30:00Z');
    expect(localDate(instant, 'UTC')).toBe('2026-11-24');
    expect(localDate(instant, 'Asia/Tokyo')).toBe('2026-11-25');
    expect(localDate(instant, 'America/Los_Angeles')).toBe('2026-11-24');
    expect(localDate(at('2026-11-24T10:30:00Z'), 'Pacific/Kiritimati')).toBe('2026-11-25');
    expect(localDate(at('2026-11-24T10:30:00Z'), 'Pacific/Pago_Pago')).toBe('2026-11-23');
  });

  it('turns over at local midnight in half- and quarter-hour zones', () => {
    expect(localDate(at('2026-11-24T18:29:59Z'), 'Asia/Kolkata')).toBe('2026-11-24');
    expect(localDate(at('2026-11-24T18:30:00Z'), 'Asia/Kolkata')).toBe('2026-11-25');
    expect(localDate(at('2026-11-24T18:14:59Z'), 'Asia/Kathmandu')).toBe('2026-11-24');
    expect(localDate(at('2026-11-24T18:15:00Z'), 'Asia/Kathmandu')).toBe('2026-11-25');
  });
});

describe('zonedInstant', () => {
  it('places an ordinary hour by the offset in force that day', () => {
    expect(zonedInstant('2026-11-24', 7, 'Europe/London').toISOString()).toBe('2026-11-24T07:00:00.000Z');
    expect(zonedInstant('2026-06-24', 7, 'Europe/London').toISOString()).toBe('2026-06-24T06:00:00.000Z');
    expect(zonedInstant('2026-11-24', 7, 'America/New_York').toISOString()).toBe('2026-11-24T12:00:00.000Z');
    expect(zonedInstant('2026-11-24', 7, 'Australia/Sydney').toISOString()).toBe('2026-11-23T20:00:00.000Z');
  });

  it('handles the half-hour offset of Asia/Kolkata and the quarter hour of Asia/Kathmandu', () => {
    expect(zonedInstant('2026-11-24', 7, 'Asia/Kolkata').toISOString()).toBe('2026-11-24T01:30:00.000Z');
    expect(zonedInstant('2026-11-24', 0, 'Asia/Kolkata').toISOString()).toBe('2026-11-23T18:30:00.000Z');
    expect(zonedInstant('2026-11-24', 7, 'Asia/Kathmandu').toISOString()).toBe('2026-11-24T01:15:00.000Z');
  });

  describe('an hour skipped by spring-forward fires when the clocks jump past it', () => {
    it.each([
      // zone, date, hour, expected instant (the transition itself)
      ['Europe/Berlin', '2026-03-29', 2, '2026-03-29T01:00:00.000Z'], // 02:00 CET → 03:00 CEST
      ['Europe/London', '2026-03-29', 1, '2026-03-29T01:00:00.000Z'], // 01:00 GMT → 02:00 BST
      ['America/New_York', '2026-03-08', 2, '2026-03-08T07:00:00.000Z'], // 02:00 EST → 03:00 EDT
      ['Australia/Sydney', '2026-10-04', 2, '2026-10-03T16:00:00.000Z'], // 02:00 AEST → 03:00 AEDT
      ['Australia/Lord_Howe', '2026-10-04', 2, '2026-10-03T15:30:00.000Z'], // half-hour DST: 02:00 → 02:30
      ['America/Santiago', '2026-09-06', 0, '2026-09-06T04:00:00.000Z'], // midnight itself is skipped
      ['Pacific/Apia', '2011-12-30', 7, '2011-12-30T10:00:00.000Z'], // the whole day was skipped
    ])('%s %s %i:00', (zone, date, hour, expected) => {
      expect(zonedInstant(date, hour, zone).toISOString()).toBe(expected);
    });

    it('leaves the hours either side of the gap alone', () => {
      expect(zonedInstant('2026-03-29', 1, 'Europe/Berlin').toISOString()).toBe('2026-03-29T00:00:00.000Z');
      expect(zonedInstant('2026-03-29', 3, 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:00:00.000Z');
      expect(zonedInstant('2026-03-29', 4, 'Europe/Berlin').toISOString()).toBe('2026-03-29T02:00:00.000Z');
    });
  });

  describe('an hour repeated by fall-back fires at its first occurrence', () => {
    it.each([
      // zone, date, hour, first occurrence (the second is an hour later)
      ['Europe/Berlin', '2026-10-25', 2, '2026-10-25T00:00:00.000Z'], // 02:00 CEST, not 02:00 CET
      ['Europe/London', '2026-10-25', 1, '2026-10-25T00:00:00.000Z'], // 01:00 BST, not 01:00 GMT
      ['America/New_York', '2026-11-01', 1, '2026-11-01T05:00:00.000Z'], // 01:00 EDT, not 01:00 EST
      ['Australia/Sydney', '2026-04-05', 2, '2026-04-04T15:00:00.000Z'], // 02:00 AEDT, not 02:00 AEST
    ])('%s %s %i:00', (zone, date, hour, expected) => {
      expect(zonedInstant(date, hour, zone).toISOString()).toBe(expected);
    });

    it('leaves the hours either side of the overlap alone', () => {
      expect(zonedInstant('2026-10-25', 1, 'Europe/Berlin').toISOString()).toBe('2026-10-24T23:00:00.000Z');
      expect(zonedInstant('2026-10-25', 3, 'Europe/Berlin').toISOString()).toBe('2026-10-25T02:00:00.000Z');
      expect(zonedInstant('2026-11-01', 2, 'America/New_York').toISOString()).toBe('2026-11-01T07:00:00.000Z');
    });
  });

  it('rejects an unknown or empty time zone as an invalid subscriber setting', () => {
    expect(codeOf(() => zonedInstant('2026-11-24', 7, 'Mars/Olympus_Mons'))).toBe('PB_SUBSCRIBER_INVALID');
    expect(codeOf(() => zonedInstant('2026-11-24', 7, ''))).toBe('PB_SUBSCRIBER_INVALID');
    expect(codeOf(() => localDate(at('2026-11-24T00:00:00Z'), '+05:30'))).toBe('PB_SUBSCRIBER_INVALID');
  });

  it('names the zone in the error', () => {
    expect(() => zonedInstant('2026-11-24', 7, 'Mars/Olympus_Mons')).toThrow(/"Mars\/Olympus_Mons" is not an IANA time zone/);
  });

  it('rejects dates that are not on the calendar and hours outside 0–23', () => {
    expect(codeOf(() => zonedInstant('2026-02-30', 7, 'UTC'))).toBe('PB_USAGE');
    expect(codeOf(() => zonedInstant('24.11.2026', 7, 'UTC'))).toBe('PB_USAGE');
    expect(codeOf(() => zonedInstant('2026-11-24', 24, 'UTC'))).toBe('PB_USAGE');
    expect(codeOf(() => zonedInstant('2026-11-24', 6.5, 'UTC'))).toBe('PB_USAGE');
    expect(zonedInstant('2028-02-29', 7, 'UTC').toISOString()).toBe('2028-02-29T07:00:00.000Z');
  });
});
