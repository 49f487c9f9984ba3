// The due check stepped through days around each DST change, as the
// scheduler would run it: every local day gets exactly one edition, at the
// right instant, and none is skipped.

import { describe, expect, it } from 'vitest';
import { datesBetween, localReading, simulate, subscriber } from './helpers.js';

const HOURS = Array.from({ length: 24 }, (_, hour) => hour);
const QUARTER_HOUR = 15 * 60_000;

interface Transition {
  zone: string;
  what: string;
  /** The local date of the change. */
  date: string;
}

const transitions: Transition[] = [
  { zone: 'Europe/Berlin', what: 'spring forward', date: '2026-03-29' },
  { zone: 'Europe/Berlin', what: 'fall back', date: '2026-10-25' },
  { zone: 'Europe/London', what: 'spring forward', date: '2026-03-29' },
  { zone: 'Europe/London', what: 'fall back', date: '2026-10-25' },
  { zone: 'America/New_York', what: 'spring forward', date: '2026-03-08' },
  { zone: 'America/New_York', what: 'fall back', date: '2026-11-01' },
  { zone: 'Australia/Sydney', what: 'fall back (April)', date: '2026-04-05' },
  { zone: 'Australia/Sydney', what: 'spring forward (October)', date: '2026-10-04' },
  { zone: 'Australia/Lord_Howe', what: 'half-hour spring forward', date: '2026-10-04' },
  { zone: 'Asia/Kolkata', what: 'no DST, +05:30', date: '2026-11-24' },
  { zone: 'Asia/Kathmandu', what: 'no DST, +05:45', date: '2026-11-24' },
];

/** Two local days either side of `date`, stepping from just after the first day's start. */
function window(date: string) {
  const middle = Date.parse(`${date}T12:00:00Z`);
  return { from: new Date(middle - 2.5 * 86_400_000), to: new Date(middle + 2.5 * 86_400_000) };
}

describe.each(transitions)('daily editions across $zone $what ($date)', ({ zone, date }) => {
  it.each(HOURS)('at send hour %i: one edition per local day, at the first instant the clocks reach the hour', (hour) => {
    const { from, to } = window(date);
    const sent = simulate([subscriber({ timezone: zone, sendHour: hour })], from, to);

    const first = sent[0].period;
    const last = sent[sent.length - 1].period;
    expect(sent.map((e) => e.period)).toEqual(datesBetween(first, last));
    expect(first <= addDays(date, -1) && last >= addDays(date, 1)).toBe(true);

    const target = (day: string) => `${day} ${String(hour).padStart(2, '0')}:00:00`;
    for (const edition of sent) {
      // The slot is the first instant whose reading reaches the hour: not an
      // instant later (a skipped hour) and not the repeat (a doubled hour).
      expect(localReading(edition.slot, zone) >= target(edition.period), edition.key).toBe(true);
      expect(localReading(new Date(edition.slot.getTime() - 1000), zone) < target(edition.period), edition.key).toBe(true);
    }
    // Apart from the first, catch-up edition, each is picked up at the first check after its slot.
    for (const edition of sent.slice(1)) {
      const lag = edition.seenAt.getTime() - edition.slot.getTime();
      expect(lag >= 0 && lag < QUARTER_HOUR, edition.key).toBe(true);
    }
  });
});

describe('exact instants on the day of the change', () => {
  it.each([
    ['Europe/Berlin', 2, '2026-03-29', '2026-03-29T01:00:00.000Z'], // 03:00 CEST
    ['Europe/Berlin', 2, '2026-10-25', '2026-10-25T00:00:00.000Z'], // the first 02:00, CEST
    ['Europe/London', 1, '2026-03-29', '2026-03-29T01:00:00.000Z'], // 02:00 BST
    ['Europe/London', 1, '2026-10-25', '2026-10-25T00:00:00.000Z'], // the first 01:00, BST
    ['America/New_York', 2, '2026-03-08', '2026-03-08T07:00:00.000Z'], // 03:00 EDT
    ['America/New_York', 1, '2026-11-01', '2026-11-01T05:00:00.000Z'], // the first 01:00, EDT
    ['Australia/Sydney', 2, '2026-04-05', '2026-04-04T15:00:00.000Z'], // the first 02:00, AEDT
    ['Australia/Sydney', 2, '2026-10-04', '2026-10-03T16:00:00.000Z'], // 03:00 AEDT
    ['Asia/Kolkata', 7, '2026-11-24', '2026-11-24T01:30:00.000Z'],
    ['Asia/Kathmandu', 7, '2026-11-24', '2026-11-24T01:15:00.000Z'],
  ])('%s at %i:00 on %s fires at %s, once', (zone, hour, date, instant) => {
    const { from, to } = window(date);
    const sent = simulate([subscriber({ timezone: zone, sendHour: hour })], from, to);
    const onTheDay = sent.filter((e) => e.period === date);
    expect(onTheDay.map((e) => e.slot.toISOString())).toEqual([instant]);
    expect(onTheDay[0].seenAt.toISOString()).toBe(instant);
  });
});

describe('weekly editions', () => {
  // The first edition of each run is the catch-up for the latest slot before `from`.
  it.each([
    ['Europe/Berlin', 7, 2, '2026-10-04T00:00:00Z', '2026-11-02T00:00:00Z', '2026-W43', '2026-10-25T00:00:00.000Z', 40, 44],
    ['America/New_York', 7, 1, '2026-10-18T00:00:00Z', '2026-11-16T00:00:00Z', '2026-W44', '2026-11-01T05:00:00.000Z', 41, 46],
    ['Australia/Sydney', 7, 2, '2026-09-20T00:00:00Z', '2026-10-19T00:00:00Z', '2026-W40', '2026-10-03T16:00:00.000Z', 38, 42],
  ])('%s on weekday %i at %i:00 sends one a week across the DST change', (zone, weekday, hour, from, to, changeWeek, changeSlot, firstWeek, lastWeek) => {
    const sent = simulate([subscriber({ timezone: zone, frequency: 'weekly', sendWeekday: weekday, sendHour: hour })], new Date(from), new Date(to));
    const weeks = Array.from({ length: lastWeek - firstWeek + 1 }, (_, i) => `2026-W${firstWeek + i}`);
    expect(sent.map((e) => e.period)).toEqual(weeks);
    expect(sent.find((e) => e.period === changeWeek)?.slot.toISOString()).toBe(changeSlot);
  });

  it.each([
    // zone, weekday, the catch-up week at the start, the week of the last slot before the end
    ['UTC', 5, '2026-W50', '2027-W02'], // Fridays; 2027-01-01 is in 2026-W53
    ['Pacific/Auckland', 1, '2026-W50', '2027-W03'], // local Monday is still Sunday in UTC
    ['America/Los_Angeles', 7, '2026-W49', '2027-W02'], // local Sunday evening is already Monday in UTC
  ])('%s on weekday %i runs through week 53 into the new ISO year without a gap', (zone, weekday, firstWeek, lastWeek) => {
    const sent = simulate(
      [subscriber({ timezone: zone, frequency: 'weekly', sendWeekday: weekday, sendHour: 8 })],
      new Date('2026-12-13T12:00:00Z'),
      new Date('2027-01-20T12:00:00Z'),
      60,
    );
    const weeks = ['2026-W49', '2026-W50', '2026-W51', '2026-W52', '2026-W53', '2027-W01', '2027-W02', '2027-W03'];
    expect(sent.map((e) => e.period)).toEqual(weeks.slice(weeks.indexOf(firstWeek), weeks.indexOf(lastWeek) + 1));
  });
});

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
