import { describe, expect, it } from 'vitest';
import { editionKey, instantPeriod, isoWeek } from '../../../src/schedule/index.js';
import { codeOf, datesBetween } from './helpers.js';

describe('isoWeek', () => {
  it.each([
    ['2026-11-24', '2026-W48'],
    ['2026-11-23', '2026-W48'], // Monday starts the week
    ['2026-11-29', '2026-W48'], // Sunday ends it
    ['2026-11-30', '2026-W49'],
    ['2026-01-01', '2026-W01'], // a Thursday: week 1 holds it
    ['2025-12-29', '2026-W01'], // so the Monday before, in 2025, is in 2026's first week
    ['2026-12-28', '2026-W53'], // 2026 starts on a Thursday, so it has 53 weeks
    ['2026-12-31', '2026-W53'],
    ['2027-01-01', '2026-W53'], // a Friday in 2027 that still belongs to 2026
    ['2027-01-03', '2026-W53'],
    ['2027-01-04', '2027-W01'],
    ['2024-12-30', '2025-W01'],
    ['2021-01-03', '2020-W53'], // 2020: leap year starting on a Wednesday
    ['2023-01-01', '2022-W52'],
  ])('%s is in %s', (date, week) => {
    expect(isoWeek(date)).toBe(week);
  });

  it('agrees with the ISO rules on every day from 2015 to 2035', () => {
    // Week 1 is the week with 4 January in it; a year has week 53 exactly
    // when it starts on a Thursday, or is a leap year starting on a Wednesday.
    const days = datesBetween('2014-12-29', '2035-12-31');
    let previous = isoWeek(days[0]);
    expect(previous).toBe('2015-W01');
    for (const date of days.slice(1)) {
      const week = isoWeek(date);
      const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
      if (weekday !== 1) {
        expect(week, date).toBe(previous);
        continue;
      }
      const [year, number] = previous.split('-W').map(Number);
      // A Monday from 29 December to 4 January starts week 1 of the year its Thursday is in.
      const monthDay = date.slice(5);
      const calendarYear = Number(date.slice(0, 4));
      const weekOneOf = monthDay >= '12-29' ? calendarYear + 1 : monthDay <= '01-04' ? calendarYear : null;
      if (weekOneOf === null) {
        expect(week, date).toBe(`${year}-W${String(number + 1).padStart(2, '0')}`);
      } else {
        expect(week, date).toBe(`${weekOneOf}-W01`);
        expect(number, `weeks in ${year}`).toBe(has53Weeks(year) ? 53 : 52);
      }
      previous = week;
    }
  });

  it('rejects a date that is not on the calendar', () => {
    expect(codeOf(() => isoWeek('2026-13-01'))).toBe('PB_USAGE');
    expect(codeOf(() => isoWeek('2026-W48'))).toBe('PB_USAGE');
  });
});

function has53Weeks(year: number): boolean {
  const firstWeekday = new Date(Date.UTC(year, 0, 1)).getUTCDay();
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return firstWeekday === 4 || (leap && firstWeekday === 3);
}

describe('editionKey', () => {
  it('joins kind and period', () => {
    expect(editionKey('daily', '2026-11-24')).toBe('daily:2026-11-24');
    expect(editionKey('weekly', '2026-W48')).toBe('weekly:2026-W48');
  });
});

describe('instantPeriod', () => {
  const sha = 'A3F1C2D4E5B6978812345678ABCDEF0123456789ABCDEF0123456789ABCDEF01';

  it('shortens a dump sha256 to its first 16 hex digits, lower-cased', () => {
    expect(instantPeriod(sha)).toBe('a3f1c2d4e5b69788');
    expect(editionKey('instant', instantPeriod(sha))).toBe('instant:a3f1c2d4e5b69788');
  });

  it('keeps any other safe id as it is', () => {
    expect(instantPeriod('42')).toBe('42');
    expect(instantPeriod('run-2026-11-24T07.00')).toBe('run-2026-11-24T07.00');
  });

  it('refuses ids that could break a key or a header', () => {
    expect(codeOf(() => instantPeriod(''))).toBe('PB_USAGE');
    expect(codeOf(() => instantPeriod('a b'))).toBe('PB_USAGE');
    expect(codeOf(() => instantPeriod('x\r\nBcc: eve@example.org'))).toBe('PB_USAGE');
    expect(codeOf(() => instantPeriod('a:b'))).toBe('PB_USAGE');
  });
});
