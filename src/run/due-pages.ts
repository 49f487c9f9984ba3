// What is due, read a page of subscribers at a time in id order: a run
// starts building the first page's editions while later pages are still
// unread, so its first message does not wait for a plan of every reader,
// and the plan it holds is a page, not the whole list.

import { dueEditions, latestRecordedFrom, type DuePlan, type ScheduleConfig } from '../schedule/index.js';
import { latestPeriods, listSchedules, type Db } from '../store/index.js';

/** Subscribers read per page: the first page small, so that the first editions are built at once. */
export interface PageSizes {
  first: number;
  rest: number;
}

// The first page is about one claim batch of a run (CLAIM_BATCH in run-once.ts).
const PAGE_SIZES: PageSizes = { first: 64, rest: 4096 };

/** The due editions (and the subscribers whose settings no slot can be computed from) at `now`, page by page. */
export async function* duePages(db: Db, config: ScheduleConfig, now: Date, sizes: PageSizes = PAGE_SIZES): AsyncGenerator<DuePlan> {
  let afterId = 0;
  for (let limit = sizes.first; ; limit = sizes.rest) {
    const subscribers = await listSchedules(db, { status: 'active', afterId, limit });
    if (subscribers.length === 0) return;
    const ids = { from: subscribers[0].id, to: subscribers[subscribers.length - 1].id };
    const latestRecorded = latestRecordedFrom(await latestPeriods(db, { ids }));
    yield dueEditions({ subscribers, latestRecorded, now, config });
    if (subscribers.length < limit) return;
    afterId = ids.to;
  }
}

/** Every page's plan in one: for a caller that shows the whole plan (`paperboy due`). */
export async function allDue(db: Db, config: ScheduleConfig, now: Date): Promise<DuePlan> {
  const plan: DuePlan = { due: [], invalid: [] };
  for await (const page of duePages(db, config, now)) {
    plan.due.push(...page.due);
    plan.invalid.push(...page.invalid);
  }
  return plan;
}
