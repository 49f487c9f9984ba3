// Slots: the local instants at which a subscriber's daily or weekly edition
// falls, and the period each one stands for.

import { PaperboyError } from '../errors.js';
import type { Subscriber } from '../types.js';
import { formatDay, instantOn, localDayAt, weekdayOf } from './local-time.js';
import { isoWeekOf, WEEKDAY_NUMBERS, type Weekday } from './periods.js';

export type ScheduledKind = 'daily' | 'weekly';

/** The part of the config that scheduling reads; `Config` satisfies it. */
export interface ScheduleConfig {
  digest: {
    daily: { hour: number };
    weekly: { weekday: Weekday; hour: number };
  };
}

/** What a slot needs to know of a subscriber. */
export type SlotSettings = Pick<Subscriber, 'timezone' | 'sendHour' | 'sendWeekday'>;

export interface Slot {
  /** `2026-11-24` (daily) or `2026-W48` (weekly). */
  period: string;
  /** The instant the slot falls at. */
  at: Date;
}

/** A subscriber's settings resolved against the config defaults. */
export interface Timing {
  kind: ScheduledKind;
  timeZone: string;
  hour: number;
  /** 1 = Monday … 7 = Sunday; 0 for daily editions. */
  weekday: number;
}

/** The latest slot at or before `now`. */
export function latestSlot(kind: ScheduledKind, subscriber: SlotSettings, now: Date, config: ScheduleConfig): Slot {
  return latestSlotOf(resolveTiming(kind, subscriber, config), checkInstant(now));
}

/** The first slot after `now`. */
export function nextSlot(kind: ScheduledKind, subscriber: SlotSettings, now: Date, config: ScheduleConfig): Slot {
  const timing = resolveTiming(kind, subscriber, config);
  const today = localDayAt(checkInstant(now).getTime(), timing.timeZone);
  const first = kind === 'daily' ? today : today + ((timing.weekday - weekdayOf(today) + 7) % 7);
  const slot = slotOn(first, timing);
  // A slot later today (or this week) is next; else the following one, which
  // starts no earlier than tomorrow and so is surely after now.
  return slot.at.getTime() > now.getTime() ? slot : slotOn(first + stepDays(kind), timing);
}

export function latestSlotOf(timing: Timing, now: Date): Slot {
  const today = localDayAt(now.getTime(), timing.timeZone);
  const last = timing.kind === 'daily' ? today : today - ((weekdayOf(today) - timing.weekday + 7) % 7);
  const slot = slotOn(last, timing);
  // Today's slot may still be ahead; the one before it then ended no later
  // than the start of today, so it has passed.
  return slot.at.getTime() <= now.getTime() ? slot : slotOn(last - stepDays(timing.kind), timing);
}

export function resolveTiming(kind: ScheduledKind, subscriber: SlotSettings, config: ScheduleConfig): Timing {
  const defaults = config.digest[kind];
  const hour = subscriber.sendHour ?? defaults.hour;
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) {
    throw subscriber.sendHour == null
      ? new PaperboyError('PB_CONFIG_KEY', `digest.${kind}.hour: ${hour} is not a whole hour from 0 to 23`)
      : new PaperboyError('PB_SUBSCRIBER_INVALID', `send hour ${hour} is not a whole hour from 0 to 23 — pick one such as 7`);
  }
  if (kind === 'daily') return { kind, timeZone: subscriber.timezone, hour, weekday: 0 };
  return { kind, timeZone: subscriber.timezone, hour, weekday: resolveWeekday(subscriber.sendWeekday, config.digest.weekly.weekday) };
}

function resolveWeekday(own: number | null, configured: Weekday): number {
  if (own == null) {
    if (!Object.hasOwn(WEEKDAY_NUMBERS, configured)) {
      throw new PaperboyError('PB_CONFIG_KEY', `digest.weekly.weekday: ${JSON.stringify(configured)} is not a weekday — use monday … sunday`);
    }
    return WEEKDAY_NUMBERS[configured];
  }
  if (!Number.isInteger(own) || own < 1 || own > 7) {
    throw new PaperboyError('PB_SUBSCRIBER_INVALID', `send weekday ${own} is not a weekday number — use 1 (Monday) to 7 (Sunday)`);
  }
  return own;
}

export function checkInstant(now: Date): Date {
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) {
    throw new PaperboyError('PB_USAGE', `${String(now)} is not a valid instant — give an ISO time such as 2026-11-24T07:00:00Z`);
  }
  return now;
}

function slotOn(day: number, timing: Timing): Slot {
  return {
    period: timing.kind === 'daily' ? formatDay(day) : isoWeekOf(day),
    at: new Date(instantOn(day, timing.hour, timing.timeZone)),
  };
}

function stepDays(kind: ScheduledKind): number {
  return kind === 'daily' ? 1 : 7;
}
