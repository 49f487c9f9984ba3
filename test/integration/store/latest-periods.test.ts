// What the due computation reads of the editions: for each daily or weekly
// subscriber, the latest period recorded of the kind they get now.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { latestPeriods } from '../../../src/store/index.js';
import { forEachStore } from '../../helpers/postgres.js';

const AT = '2026-11-24T07:00:00.000Z';

forEachStore((store) => {
  describe('latestPeriods', () => {
    it('gives each daily or weekly subscriber the latest period of their own kind, and nothing for the others', async () => {
      const db = await store.open();
      await sql.raw(`insert into subscribers (id, email, name, timezone, frequency, status, created_at, updated_at) values
          (1, 'daily@example.org', null, 'UTC', 'daily', 'active', '${AT}', '${AT}'),
          (2, 'weekly@example.org', null, 'UTC', 'weekly', 'active', '${AT}', '${AT}'),
          (3, 'switched@example.org', null, 'UTC', 'weekly', 'active', '${AT}', '${AT}'),
          (4, 'instant@example.org', null, 'UTC', 'instant', 'active', '${AT}', '${AT}'),
          (5, 'new@example.org', null, 'UTC', 'daily', 'active', '${AT}', '${AT}')`).execute(db);
      await sql.raw(`insert into editions (subscriber_id, kind, period, state, created_at, updated_at) values
          (1, 'daily', '2026-11-22', 'sent', '${AT}', '${AT}'), (1, 'daily', '2026-11-24', 'sent', '${AT}', '${AT}'), (1, 'daily', '2026-11-23', 'empty', '${AT}', '${AT}'),
          (2, 'weekly', '2026-W47', 'sent', '${AT}', '${AT}'), (2, 'weekly', '2026-W48', 'planned', '${AT}', '${AT}'),
          (3, 'daily', '2026-11-24', 'sent', '${AT}', '${AT}'),
          (4, 'instant', 'ingest-abc', 'sent', '${AT}', '${AT}');`).execute(db);

      const latest = (await latestPeriods(db)).sort((a, b) => a.subscriberId - b.subscriberId);

      expect(latest).toEqual([
        { subscriberId: 1, kind: 'daily', period: '2026-11-24' },
        { subscriberId: 2, kind: 'weekly', period: '2026-W48' },
      ]);
      // A page of subscribers by id, as a run plans them.
      expect(await latestPeriods(db, { ids: { from: 2, to: 5 } })).toEqual([{ subscriberId: 2, kind: 'weekly', period: '2026-W48' }]);
      expect(await latestPeriods(db, { ids: { from: 3, to: 5 } })).toEqual([]);
    });
  });
});
