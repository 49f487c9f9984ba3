// How a run reads its subscribers: every active one's schedule at once (what
// the due computation needs), then the rest (topics, settings) a batch at a
// time as it builds. Both read the same subscribers listSubscribers does.
import { describe, expect, it } from 'vitest';
import { listSchedules, listSubscribers, setSubscriberStatus, subscribersByIds, upsertSubscribers } from '../../../src/store/index.js';
import { makeSubscribers } from '../../helpers/app.js';
import { forEachStore } from '../../helpers/postgres.js';

const NOW = new Date('2026-11-24T07:00:00Z');

forEachStore((store) => {
  describe('subscribers in batches', () => {
    it('lists the schedules of the active subscribers, and reads any of them whole by id', async () => {
      const db = await store.open();
      await upsertSubscribers(db, makeSubscribers(5, { sendHour: 7 }), { now: NOW, status: 'active' });
      const all = await listSubscribers(db);
      await setSubscriberStatus(db, all[1].id, 'unsubscribed', NOW);

      const schedules = await listSchedules(db, { status: 'active' });
      expect(schedules.map((schedule) => schedule.id)).toEqual([all[0].id, all[2].id, all[3].id, all[4].id]);
      expect(schedules[1]).toEqual({ id: all[2].id, email: all[2].email, status: 'active', frequency: 'daily', timezone: all[2].timezone, sendHour: 7, sendWeekday: null });

      // A page after an id, and one frequency only.
      expect((await listSchedules(db, { status: 'active', afterId: all[0].id, limit: 2 })).map((schedule) => schedule.id)).toEqual([all[2].id, all[3].id]);
      expect(await listSchedules(db, { status: 'active', afterId: all[4].id })).toEqual([]);
      expect(await listSchedules(db, { frequency: 'weekly' })).toEqual([]);
      expect((await listSchedules(db, { frequency: 'daily' })).length).toBe(5);

      const whole = await subscribersByIds(db, [all[4].id, all[1].id, 999_999]);
      expect([...whole.keys()].sort((a, b) => a - b)).toEqual([all[1].id, all[4].id]);
      expect(whole.get(all[4].id)).toEqual(all[4]);
      expect(whole.get(all[4].id)!.topics.length).toBe(2);
      expect(whole.get(all[1].id)!.status).toBe('unsubscribed');
    });
  });
});
