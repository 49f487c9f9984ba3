import { isPaperboyError } from '../../../src/errors.js';
import { dueEditions, type DueEdition, type ScheduleConfig } from '../../../src/schedule/index.js';
import type { Subscriber } from '../../../src/types.js';

export const config: ScheduleConfig = {
  digest: { daily: { hour: 7 }, weekly: { weekday: 'monday', hour: 8 } },
};

export function subscriber(overrides: Partial<Subscriber> = {}): Subscriber {
  return {
    id: 1,
    email: 'ada@example.org',
    name: 'Ada',
    timezone: 'Europe/London',
    frequency: 'daily',
    sendHour: null,
    sendWeekday: null,
    maxPapers: null,
    alsoForYou: null,
    status: 'active',
    topics: [],
    createdAt: '2026-01-01T00:00:00Z',
    ...overrides,
  };
}

export const at = (iso: string): Date => new Date(iso);

/**
 * The local wall-clock reading `YYYY-MM-DD HH:MM:SS`, from a formatter of the
 * test's own, so that assertions do not lean on the code under test.
 */
export function localReading(instant: Date, timeZone: string): string {
  const parts = readerFor(timeZone).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}:${part('second')}`;
}

const readers = new Map<string, Intl.DateTimeFormat>();

function readerFor(timeZone: string): Intl.DateTimeFormat {
  let reader = readers.get(timeZone);
  if (!reader) {
    reader = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    readers.set(timeZone, reader);
  }
  return reader;
}

export interface Sent extends DueEdition {
  /** The step at which the edition first became due. */
  seenAt: Date;
}

/**
 * Runs the due check every `stepMinutes` from `from` to `to`, recording each
 * edition as it becomes due, as a scheduler with a working store would.
 */
export function simulate(subscribers: Subscriber[], from: Date, to: Date, stepMinutes = 15): Sent[] {
  const latest = new Map<string, string>();
  const sent: Sent[] = [];
  for (let ms = from.getTime(); ms <= to.getTime(); ms += stepMinutes * 60_000) {
    const plan = dueEditions({
      subscribers,
      latestRecorded: (id, kind) => latest.get(`${id}:${kind}`) ?? null,
      now: new Date(ms),
      config,
    });
    for (const edition of plan.due) {
      latest.set(`${edition.subscriberId}:${edition.kind}`, edition.period);
      sent.push({ ...edition, seenAt: new Date(ms) });
    }
  }
  return sent;
}

/** Consecutive calendar dates from `first` to `last`, inclusive. */
export function datesBetween(first: string, last: string): string[] {
  const dates: string[] = [];
  for (let ms = Date.parse(`${first}T00:00:00Z`); ms <= Date.parse(`${last}T00:00:00Z`); ms += 86_400_000) {
    dates.push(new Date(ms).toISOString().slice(0, 10));
  }
  return dates;
}

/** The code of the PaperboyError that `run` throws, or undefined when it does not throw. */
export function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return isPaperboyError(error) ? error.code : 'not a PaperboyError';
  }
  return undefined;
}
