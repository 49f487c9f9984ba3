// Scheduling: which editions are due, when, and under which key.
//
// `dueEditions({ subscribers, latestRecorded, now, config })` is pure: it
// returns `{ due, invalid }`. A daily edition falls at the subscriber's send
// hour (else `digest.daily.hour`) on each local day in their zone, period
// `2026-11-24`; a weekly one at their weekday and hour (else
// `digest.weekly`), period the ISO week of that local date, `2026-W48`.
// An edition is due when the latest slot at or before now has passed and no
// edition for that period or a later one is recorded: a new subscriber gets
// one at once, and downtime folds into one catch-up edition. A send hour
// skipped by a DST change fires when the clocks jump past it; one that
// happens twice fires at its first occurrence. Instant subscribers are not
// the clock's business: their alerts follow each ingest (`instantPeriod`).
//
// `latestSlot` / `nextSlot` give one subscriber's slots (for status output);
// `localDate`, `isoWeek` and `zonedInstant` are the calendar underneath.

export { dueEditions, latestRecordedFrom } from './due.js';
export type { DueEdition, DueInput, DuePlan, InvalidSubscriber, LatestRecorded } from './due.js';
export { latestSlot, nextSlot } from './slots.js';
export type { ScheduleConfig, ScheduledKind, Slot, SlotSettings } from './slots.js';
export { editionKey, instantPeriod, isoWeek, WEEKDAY_NUMBERS } from './periods.js';
export type { Weekday } from './periods.js';
export { localDate, zonedInstant } from './local-time.js';
export type { LocalDate } from './local-time.js';
export { Scheduler, withSchedulerLease, LEASE_NAME, type Pass, type SchedulerOptions } from './scheduler.js';
