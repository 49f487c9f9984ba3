import { describe, expect, it } from 'vitest';
import { dueEditions, latestRecordedFrom, type LatestRecorded, type ScheduleConfig, type Weekday } from '../../../src/schedule/index.js';
import type { Subscriber } from '../../../src/types.js';
import { at, codeOf, config, subscriber } from './helpers.js';

const nothingRecorded: LatestRecorded = () => null;

function due(subscribers: Subscriber[], now: string, latestRecorded: LatestRecorded = nothingRecorded) {
  return dueEditions({ subscribers, latestRecorded, now: at(now), config });
}

function recorded(...rows: [number, 'daily' | 'weekly', string][]): LatestRecorded {
  return latestRecordedFrom(rows.map(([subscriberId, kind, period]) => ({ subscriberId, kind, period })));
}

describe('dueEditions', () => {
  it("makes a new subscriber's first edition due at once, for the latest slot", () => {
    const plan = due([subscriber({ id: 7, email: 'new@example.org' })], '2026-11-24T03:00:00Z');
    expect(plan.due).toEqual([
      {
        subscriberId: 7,
        email: 'new@example.org',
        kind: 'daily',
        period: '2026-11-23',
        key: 'daily:2026-11-23',
        slot: new Date('2026-11-23T07:00:00Z'),
      },
    ]);
    expect(plan.invalid).toEqual([]);
  });

  it('is not due again once the period is recorded, until the next send hour', () => {
    const ada = [subscriber({ id: 1 })];
    const sent = recorded([1, 'daily', '2026-11-24']);
    expect(due(ada, '2026-11-24T07:00:00Z', sent).due).toEqual([]);
    expect(due(ada, '2026-11-25T06:59:59Z', sent).due).toEqual([]);
    expect(due(ada, '2026-11-25T07:00:00Z', sent).due.map((e) => e.key)).toEqual(['daily:2026-11-25']);
  });

  it('becomes due at the send hour and not a second before', () => {
    const ada = [subscriber({ id: 1 })];
    const sent = recorded([1, 'daily', '2026-11-23']);
    expect(due(ada, '2026-11-24T06:59:59.999Z', sent).due).toEqual([]);
    expect(due(ada, '2026-11-24T07:00:00Z', sent).due.map((e) => e.period)).toEqual(['2026-11-24']);
  });

  it('judges each subscriber by their own zone at the same instant', () => {
    const subscribers = [
      subscriber({ id: 1, timezone: 'Europe/London' }), // 07:00 local = 07:00Z: just passed
      subscriber({ id: 2, timezone: 'America/New_York' }), // 07:00 local = 12:00Z: still ahead
      subscriber({ id: 3, timezone: 'Asia/Tokyo' }), // 07:00 local = 22:00Z the day before
      subscriber({ id: 4, timezone: 'Asia/Kolkata' }), // 07:00 local = 01:30Z
      subscriber({ id: 5, timezone: 'America/Los_Angeles', sendHour: 22 }), // 22:00 PST on the 23rd = 06:00Z
    ];
    const sent = recorded([1, 'daily', '2026-11-23'], [2, 'daily', '2026-11-23'], [3, 'daily', '2026-11-23'], [4, 'daily', '2026-11-23'], [5, 'daily', '2026-11-22']);
    const plan = due(subscribers, '2026-11-24T07:10:00Z', sent);
    expect(plan.due.map((e) => [e.subscriberId, e.period, e.slot.toISOString()])).toEqual([
      [1, '2026-11-24', '2026-11-24T07:00:00.000Z'],
      [3, '2026-11-24', '2026-11-23T22:00:00.000Z'],
      [4, '2026-11-24', '2026-11-24T01:30:00.000Z'],
      [5, '2026-11-23', '2026-11-24T06:00:00.000Z'],
    ]);
  });

  it('after one missed day sends one edition, for the latest period', () => {
    const plan = due([subscriber({ id: 1 })], '2026-11-24T09:00:00Z', recorded([1, 'daily', '2026-11-22']));
    expect(plan.due.map((e) => e.key)).toEqual(['daily:2026-11-24']);
  });

  it('after weeks of downtime sends one catch-up edition, not one per missed day', () => {
    const plan = due([subscriber({ id: 1 })], '2026-11-24T09:00:00Z', recorded([1, 'daily', '2026-10-01']));
    expect(plan.due.map((e) => e.key)).toEqual(['daily:2026-11-24']);
  });

  it('after downtime before today’s send hour catches up with yesterday only', () => {
    const plan = due([subscriber({ id: 1 })], '2026-11-24T05:00:00Z', recorded([1, 'daily', '2026-11-20']));
    expect(plan.due.map((e) => e.key)).toEqual(['daily:2026-11-23']);
  });

  it('does not go back to a period older than one already recorded', () => {
    // Ada got 2026-11-25 in Tokyo, then moved to Los Angeles, where it is still the 24th.
    const moved = [subscriber({ id: 1, timezone: 'America/Los_Angeles' })];
    expect(due(moved, '2026-11-24T23:00:00Z', recorded([1, 'daily', '2026-11-25'])).due).toEqual([]);
  });

  it('makes a weekly edition due once per ISO week', () => {
    const berlin = [subscriber({ id: 1, timezone: 'Europe/Berlin', frequency: 'weekly' })]; // Monday 08:00 CET = 07:00Z
    expect(due(berlin, '2026-11-23T06:59:00Z', recorded([1, 'weekly', '2026-W47'])).due).toEqual([]);
    const monday = due(berlin, '2026-11-23T07:00:00Z', recorded([1, 'weekly', '2026-W47']));
    expect(monday.due.map((e) => [e.key, e.slot.toISOString()])).toEqual([['weekly:2026-W48', '2026-11-23T07:00:00.000Z']]);
    expect(due(berlin, '2026-11-29T22:59:59Z', recorded([1, 'weekly', '2026-W48'])).due).toEqual([]);
  });

  it('keeps daily and weekly records apart', () => {
    const weekly = [subscriber({ id: 1, frequency: 'weekly', timezone: 'UTC' })];
    const dailyOnly = recorded([1, 'daily', '2026-11-24']);
    expect(due(weekly, '2026-11-24T09:00:00Z', dailyOnly).due.map((e) => e.key)).toEqual(['weekly:2026-W48']);
  });

  it('never makes pending, unsubscribed, bounced or instant subscribers due', () => {
    const subscribers = [
      subscriber({ id: 1, status: 'pending' }),
      subscriber({ id: 2, status: 'unsubscribed' }),
      subscriber({ id: 3, status: 'bounced' }),
      subscriber({ id: 4, frequency: 'instant' }),
      subscriber({ id: 5, status: 'unsubscribed', frequency: 'weekly' }),
      subscriber({ id: 6 }),
    ];
    const plan = due(subscribers, '2026-11-24T09:00:00Z');
    expect(plan.due.map((e) => e.subscriberId)).toEqual([6]);
    expect(plan.invalid).toEqual([]);
  });

  it('lists subscribers with broken settings apart and still serves everyone else', () => {
    const subscribers = [
      subscriber({ id: 1, email: 'mars@example.org', timezone: 'Mars/Olympus_Mons' }),
      subscriber({ id: 2, email: 'late@example.org', sendHour: 25 }),
      subscriber({ id: 3, email: 'fine@example.org' }),
      subscriber({ id: 4, email: 'also-mars@example.org', timezone: 'Mars/Olympus_Mons' }),
    ];
    const plan = due(subscribers, '2026-11-24T09:00:00Z');
    expect(plan.due.map((e) => e.email)).toEqual(['fine@example.org']);
    expect(plan.invalid.map((i) => [i.subscriberId, i.email, i.error.code])).toEqual([
      [1, 'mars@example.org', 'PB_SUBSCRIBER_INVALID'],
      [2, 'late@example.org', 'PB_SUBSCRIBER_INVALID'],
      [4, 'also-mars@example.org', 'PB_SUBSCRIBER_INVALID'],
    ]);
    expect(plan.invalid[0].error.message).toMatch(/^subscriber 1 <mars@example\.org>: time zone "Mars\/Olympus_Mons"/);
    expect(plan.invalid[1].error.message).toMatch(/send hour 25/);
  });

  it('stops on a broken config instead of skipping everyone', () => {
    const badDay: ScheduleConfig = { digest: { ...config.digest, weekly: { weekday: 'funday' as Weekday, hour: 8 } } };
    const run = () =>
      dueEditions({ subscribers: [subscriber({ frequency: 'weekly' })], latestRecorded: nothingRecorded, now: at('2026-11-24T09:00:00Z'), config: badDay });
    expect(codeOf(run)).toBe('PB_CONFIG_KEY');
  });

  it('rejects an invalid now', () => {
    const run = () => dueEditions({ subscribers: [subscriber()], latestRecorded: nothingRecorded, now: new Date('soon'), config });
    expect(codeOf(run)).toBe('PB_USAGE');
  });

  it('gives each due edition its own slot Date', () => {
    const plan = due([subscriber({ id: 1 }), subscriber({ id: 2 })], '2026-11-24T09:00:00Z');
    plan.due[0].slot.setTime(0);
    expect(plan.due[1].slot.toISOString()).toBe('2026-11-24T07:00:00.000Z');
  });
});

describe('latestRecordedFrom', () => {
  it('keeps the latest period per subscriber and kind and ignores instant alerts', () => {
    const latest = latestRecordedFrom([
      { subscriberId: 1, kind: 'daily', period: '2026-11-23' },
      { subscriberId: 1, kind: 'daily', period: '2026-11-24' },
      { subscriberId: 1, kind: 'daily', period: '2026-11-22' },
      { subscriberId: 1, kind: 'weekly', period: '2026-W53' },
      { subscriberId: 1, kind: 'weekly', period: '2027-W01' },
      { subscriberId: 2, kind: 'instant', period: 'a3f1c2d4e5b69788' },
    ]);
    expect(latest(1, 'daily')).toBe('2026-11-24');
    expect(latest(1, 'weekly')).toBe('2027-W01');
    expect(latest(2, 'daily')).toBeNull();
    expect(latest(3, 'weekly')).toBeNull();
  });
});
