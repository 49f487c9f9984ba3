// Which daily and weekly editions are due at an instant: a pure function of
// the subscribers, the editions already recorded, now and the config.

import { isPaperboyError, PaperboyError } from '../errors.js';
import type { EditionKind, SubscriberSchedule } from '../types.js';
import { editionKey } from './periods.js';
import { checkInstant, latestSlotOf, resolveTiming, type ScheduleConfig, type ScheduledKind, type Slot, type Timing } from './slots.js';

/**
 * The latest period of `kind` recorded for a subscriber (the greatest, since
 * periods sort as strings in time order), or null when there is none.
 */
export type LatestRecorded = (subscriberId: number, kind: ScheduledKind) => string | null | undefined;

export interface DueInput {
  subscribers: Iterable<SubscriberSchedule>;
  latestRecorded: LatestRecorded;
  now: Date;
  config: ScheduleConfig;
}

export interface DueEdition {
  subscriberId: number;
  email: string;
  kind: ScheduledKind;
  /** `2026-11-24` or `2026-W48`. */
  period: string;
  /** `daily:2026-11-24`, unique per subscriber. */
  key: string;
  /** The instant of the slot the edition is for (at or before now). */
  slot: Date;
}

/** A subscriber whose settings no slot can be computed from (an unknown time zone, a send hour of 25). */
export interface InvalidSubscriber {
  subscriberId: number;
  email: string;
  error: PaperboyError;
}

export interface DuePlan {
  due: DueEdition[];
  /** Left out so that one broken record does not hold up everyone else's edition. */
  invalid: InvalidSubscriber[];
}

/**
 * The editions due at `now`. For each active daily or weekly subscriber, the
 * latest slot at or before `now` is due unless an edition for its period, or
 * a later one, is recorded. So a new subscriber's first edition is due at
 * once, and after downtime the missed periods fold into one edition for the
 * latest period. A recorded later period happens after a move to a zone
 * further west: the subscriber already has a newer edition, so the older
 * period is not sent.
 *
 * Instant subscribers are not considered: their alerts follow each ingest,
 * not the clock. Pending, unsubscribed and bounced subscribers are never due.
 */
export function dueEditions(input: DueInput): DuePlan {
  const latestSlot = slotsAt(checkInstant(input.now));
  const plan: DuePlan = { due: [], invalid: [] };
  for (const subscriber of input.subscribers) {
    const kind = scheduledKind(subscriber);
    if (kind === null) continue;
    let slot: Slot;
    try {
      slot = latestSlot(resolveTiming(kind, subscriber, input.config));
    } catch (error) {
      if (!isPaperboyError(error, 'PB_SUBSCRIBER_INVALID')) throw error;
      plan.invalid.push(invalidSubscriber(subscriber, error));
      continue;
    }
    const recorded = input.latestRecorded(subscriber.id, kind);
    if (recorded != null && recorded >= slot.period) continue;
    plan.due.push({
      subscriberId: subscriber.id,
      email: subscriber.email,
      kind,
      period: slot.period,
      key: editionKey(kind, slot.period),
      slot: new Date(slot.at.getTime()),
    });
  }
  return plan;
}

/** Builds a `LatestRecorded` from edition rows; rows of other kinds are ignored. */
export function latestRecordedFrom(
  editions: Iterable<{ subscriberId: number; kind: EditionKind; period: string }>,
): LatestRecorded {
  const latest = { daily: new Map<number, string>(), weekly: new Map<number, string>() };
  for (const { subscriberId, kind, period } of editions) {
    if (kind !== 'daily' && kind !== 'weekly') continue;
    const known = latest[kind].get(subscriberId);
    if (known === undefined || period > known) latest[kind].set(subscriberId, period);
  }
  return (subscriberId, kind) => latest[kind].get(subscriberId) ?? null;
}

function scheduledKind(subscriber: SubscriberSchedule): ScheduledKind | null {
  if (subscriber.status !== 'active') return null;
  return subscriber.frequency === 'daily' || subscriber.frequency === 'weekly' ? subscriber.frequency : null;
}

/**
 * Latest slots at `now`, computed once per distinct (zone, kind, hour,
 * weekday): 100,000 subscribers share a few hundred of them, and zone
 * arithmetic is what costs.
 */
function slotsAt(now: Date): (timing: Timing) => Slot {
  // Keyed by the zone string the subscriber already holds, then by a number:
  // no key string is built per subscriber.
  const known = new Map<string, Map<number, Slot | PaperboyError>>();
  return (timing) => {
    let inZone = known.get(timing.timeZone);
    if (inZone === undefined) known.set(timing.timeZone, (inZone = new Map()));
    // Daily timings have weekday 0, so the number tells the kinds apart.
    const id = timing.hour * 8 + timing.weekday;
    let slot = inZone.get(id);
    if (slot === undefined) {
      slot = settle(() => latestSlotOf(timing, now));
      inZone.set(id, slot);
    }
    if (slot instanceof PaperboyError) throw slot;
    return slot;
  };
}

/** Keeps a PaperboyError as a value, so that a bad zone is tried once, not once per subscriber. */
function settle<T>(compute: () => T): T | PaperboyError {
  try {
    return compute();
  } catch (error) {
    if (isPaperboyError(error)) return error;
    throw error;
  }
}

function invalidSubscriber(subscriber: SubscriberSchedule, error: PaperboyError): InvalidSubscriber {
  return {
    subscriberId: subscriber.id,
    email: subscriber.email,
    error: new PaperboyError('PB_SUBSCRIBER_INVALID', `subscriber ${subscriber.id} <${subscriber.email}>: ${error.message}`, { cause: error }),
  };
}
