// A run plans a page of subscribers at a time (run/due-pages.ts): the pages
// together must be exactly the plan of every subscriber at once, whatever
// the page sizes, on both engines.
import { describe, expect, it } from 'vitest';
import { duePages } from '../../../src/run/index.js';
import { dueEditions, latestRecordedFrom, type DuePlan, type ScheduleConfig } from '../../../src/schedule/index.js';
import { latestPeriods, listSchedules, listSubscribers, recordEmptyEdition, setSubscriberStatus, upsertSubscribers } from '../../../src/store/index.js';
import { makeSubscribers } from '../../helpers/app.js';
import { forEachStore } from '../../helpers/postgres.js';

const CONFIG: ScheduleConfig = { digest: { daily: { hour: 7 }, weekly: { weekday: 'monday', hour: 8 } } };
const NOW = new Date('2026-11-24T12:00:00Z');

forEachStore((store) => {
  describe('due editions a page at a time', () => {
    it('gives, page by page, exactly the plan of all subscribers at once: none twice, none left out', async () => {
      const db = await store.open();
      await upsertSubscribers(
        db,
        [
          ...makeSubscribers(9),
          ...makeSubscribers(2, { frequency: 'weekly' }).map((input, i) => ({ ...input, email: `weekly${i}@example.org` })),
          ...makeSubscribers(1, { frequency: 'instant' }).map((input) => ({ ...input, email: 'instant@example.org' })),
          ...makeSubscribers(1, { timezone: 'Mars/Olympus_Mons' }).map((input) => ({ ...input, email: 'nowhere@example.org' })),
        ],
        { now: NOW, status: 'active' },
      );
      const all = await listSubscribers(db);
      await setSubscriberStatus(db, all[3].id, 'unsubscribed', NOW);
      // Two readers already have today's edition; one an older one.
      await recordEmptyEdition(db, { subscriberId: all[0].id, kind: 'daily', period: '2026-11-24' }, NOW);
      await recordEmptyEdition(db, { subscriberId: all[5].id, kind: 'daily', period: '2026-11-24' }, NOW);
      await recordEmptyEdition(db, { subscriberId: all[6].id, kind: 'daily', period: '2026-11-20' }, NOW);

      const whole = dueEditions({ subscribers: await listSchedules(db, { status: 'active' }), latestRecorded: latestRecordedFrom(await latestPeriods(db)), now: NOW, config: CONFIG });
      expect(whole.due.length).toBe(8);
      expect(whole.invalid.map((entry) => entry.email)).toEqual(['nowhere@example.org']);

      for (const sizes of [{ first: 2, rest: 3 }, { first: 1, rest: 100 }, { first: 5, rest: 5 }]) {
        const pages: DuePlan[] = [];
        for await (const page of duePages(db, CONFIG, NOW, sizes)) pages.push(page);
        expect(pages.flatMap((page) => page.due)).toEqual(whole.due);
        expect(pages.flatMap((page) => page.invalid.map((entry) => entry.email))).toEqual(['nowhere@example.org']);
        expect(pages[0].due.length).toBeLessThanOrEqual(sizes.first);
        expect(pages.length).toBeGreaterThan(1);
      }
    });
  });
});
