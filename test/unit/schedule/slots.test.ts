import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../src/config/load.js';
import { latestSlot, nextSlot, type ScheduleConfig, type Slot, type Weekday } from '../../../src/schedule/index.js';
import { at, codeOf, config, subscriber } from './helpers.js';

const plain = (slot: Slot) => ({ period: slot.period, at: slot.at.toISOString() });

describe('daily slots', () => {
  const ada = subscriber({ timezone: 'Europe/London' }); // config hour 7; GMT in November

  it('before the send hour, the latest slot is yesterday and the next is today', () => {
    const now = at('2026-11-24T06:59:59Z');
    expect(plain(latestSlot('daily', ada, now, config))).toEqual({ period: '2026-11-23', at: '2026-11-23T07:00:00.000Z' });
    expect(plain(nextSlot('daily', ada, now, config))).toEqual({ period: '2026-11-24', at: '2026-11-24T07:00:00.000Z' });
  });

  it('at the send hour exactly, today is the latest slot and tomorrow the next', () => {
    const now = at('2026-11-24T07:00:00Z');
    expect(plain(latestSlot('daily', ada, now, config))).toEqual({ period: '2026-11-24', at: '2026-11-24T07:00:00.000Z' });
    expect(plain(nextSlot('daily', ada, now, config))).toEqual({ period: '2026-11-25', at: '2026-11-25T07:00:00.000Z' });
  });

  it("uses the subscriber's own send hour over the config's", () => {
    const late = subscriber({ timezone: 'Europe/London', sendHour: 18 });
    expect(plain(latestSlot('daily', late, at('2026-11-24T07:30:00Z'), config))).toEqual({
      period: '2026-11-23',
      at: '2026-11-23T18:00:00.000Z',
    });
  });

  it('names the period by the local date, which may not be the UTC date', () => {
    const tokyo = subscriber({ timezone: 'Asia/Tokyo' }); // 07:00 JST is 22:00 UTC the day before
    expect(plain(latestSlot('daily', tokyo, at('2026-11-23T22:00:00Z'), config))).toEqual({
      period: '2026-11-24',
      at: '2026-11-23T22:00:00.000Z',
    });
  });

  it('puts the slot of a half-hour zone on the half hour', () => {
    const kolkata = subscriber({ timezone: 'Asia/Kolkata' });
    expect(plain(latestSlot('daily', kolkata, at('2026-11-24T01:29:59Z'), config)).period).toBe('2026-11-23');
    expect(plain(latestSlot('daily', kolkata, at('2026-11-24T01:30:00Z'), config))).toEqual({
      period: '2026-11-24',
      at: '2026-11-24T01:30:00.000Z',
    });
  });
});

describe('weekly slots', () => {
  it('on Sunday night the latest slot is last Monday and the next is tomorrow', () => {
    const berlin = subscriber({ timezone: 'Europe/Berlin', frequency: 'weekly' }); // config Monday 08:00, CET
    const now = at('2026-11-29T22:59:59Z'); // Sunday 23:59:59 local
    expect(plain(latestSlot('weekly', berlin, now, config))).toEqual({ period: '2026-W48', at: '2026-11-23T07:00:00.000Z' });
    expect(plain(nextSlot('weekly', berlin, now, config))).toEqual({ period: '2026-W49', at: '2026-11-30T07:00:00.000Z' });
  });

  it('a Monday-midnight slot turns the week over at local midnight, while UTC is still on Sunday', () => {
    const berlin = subscriber({ timezone: 'Europe/Berlin', frequency: 'weekly', sendHour: 0 });
    expect(plain(latestSlot('weekly', berlin, at('2026-11-29T22:59:59Z'), config))).toEqual({
      period: '2026-W48',
      at: '2026-11-22T23:00:00.000Z',
    });
    expect(plain(latestSlot('weekly', berlin, at('2026-11-29T23:00:00Z'), config))).toEqual({
      period: '2026-W49',
      at: '2026-11-29T23:00:00.000Z',
    });
  });

  it('in Auckland the Monday slot falls on Sunday UTC and still counts for the local week', () => {
    const auckland = subscriber({ timezone: 'Pacific/Auckland', frequency: 'weekly' }); // Monday 08:00 NZDT = Sunday 19:00 UTC
    expect(plain(latestSlot('weekly', auckland, at('2026-11-29T18:59:59Z'), config))).toEqual({
      period: '2026-W48',
      at: '2026-11-22T19:00:00.000Z',
    });
    expect(plain(latestSlot('weekly', auckland, at('2026-11-29T19:00:00Z'), config))).toEqual({
      period: '2026-W49',
      at: '2026-11-29T19:00:00.000Z',
    });
  });

  it('in Los Angeles a Sunday-evening slot falls on Monday UTC and counts for the week ending that Sunday', () => {
    const la = subscriber({ timezone: 'America/Los_Angeles', frequency: 'weekly', sendWeekday: 7, sendHour: 20 });
    const now = at('2026-11-30T04:00:00Z'); // Sunday 20:00 PST
    expect(plain(latestSlot('weekly', la, now, config))).toEqual({ period: '2026-W48', at: '2026-11-30T04:00:00.000Z' });
    expect(plain(nextSlot('weekly', la, now, config))).toEqual({ period: '2026-W49', at: '2026-12-07T04:00:00.000Z' });
  });

  it('crosses the ISO year boundary through week 53', () => {
    const friday = subscriber({ timezone: 'UTC', frequency: 'weekly', sendWeekday: 5 });
    const now = at('2027-01-01T08:00:00Z');
    expect(plain(latestSlot('weekly', friday, now, config))).toEqual({ period: '2026-W53', at: '2027-01-01T08:00:00.000Z' });
    expect(plain(nextSlot('weekly', friday, now, config))).toEqual({ period: '2027-W01', at: '2027-01-08T08:00:00.000Z' });

    const monday = subscriber({ timezone: 'UTC', frequency: 'weekly' });
    const sundayNight = at('2027-01-03T23:59:59Z');
    expect(plain(latestSlot('weekly', monday, sundayNight, config))).toEqual({ period: '2026-W53', at: '2026-12-28T08:00:00.000Z' });
    expect(plain(nextSlot('weekly', monday, sundayNight, config))).toEqual({ period: '2027-W01', at: '2027-01-04T08:00:00.000Z' });
  });

  it("uses the config's weekday when the subscriber has none", () => {
    const sundays: ScheduleConfig = { digest: { ...config.digest, weekly: { weekday: 'sunday', hour: 9 } } };
    const ada = subscriber({ timezone: 'UTC', frequency: 'weekly' });
    expect(plain(latestSlot('weekly', ada, at('2026-11-26T12:00:00Z'), sundays))).toEqual({
      period: '2026-W47',
      at: '2026-11-22T09:00:00.000Z',
    });
  });
});

describe('bad settings', () => {
  it('rejects a subscriber send hour or weekday out of range as the subscriber’s fault', () => {
    expect(codeOf(() => latestSlot('daily', subscriber({ sendHour: 25 }), at('2026-11-24T12:00:00Z'), config))).toBe('PB_SUBSCRIBER_INVALID');
    expect(codeOf(() => latestSlot('weekly', subscriber({ sendWeekday: 0 }), at('2026-11-24T12:00:00Z'), config))).toBe('PB_SUBSCRIBER_INVALID');
    expect(codeOf(() => nextSlot('weekly', subscriber({ sendWeekday: 8 }), at('2026-11-24T12:00:00Z'), config))).toBe('PB_SUBSCRIBER_INVALID');
  });

  it('rejects a config hour or weekday out of range as the config’s fault', () => {
    const badHour: ScheduleConfig = { digest: { ...config.digest, daily: { hour: 24 } } };
    const badDay: ScheduleConfig = { digest: { ...config.digest, weekly: { weekday: 'funday' as Weekday, hour: 8 } } };
    expect(codeOf(() => latestSlot('daily', subscriber(), at('2026-11-24T12:00:00Z'), badHour))).toBe('PB_CONFIG_KEY');
    expect(codeOf(() => latestSlot('weekly', subscriber(), at('2026-11-24T12:00:00Z'), badDay))).toBe('PB_CONFIG_KEY');
  });

  it('rejects an invalid now', () => {
    expect(codeOf(() => latestSlot('daily', subscriber(), new Date('not a date'), config))).toBe('PB_USAGE');
    expect(codeOf(() => nextSlot('daily', subscriber(), new Date(Number.NaN), config))).toBe('PB_USAGE');
  });
});

describe('with the real config', () => {
  it("accepts the loaded Config and uses its defaults: daily at 7, weekly Monday at 8", () => {
    const loaded = resolveConfig({}, { source: null, baseDir: '/tmp', env: {} });
    const ada = subscriber({ timezone: 'UTC' });
    expect(latestSlot('daily', ada, at('2026-11-24T12:00:00Z'), loaded).at.toISOString()).toBe('2026-11-24T07:00:00.000Z');
    expect(latestSlot('weekly', ada, at('2026-11-24T12:00:00Z'), loaded).at.toISOString()).toBe('2026-11-23T08:00:00.000Z');
  });
});
