// 017-reader-model-columns: a reader's model moves to the end of its row on
// SQLite, so that the staleness check reads the row's first page only.
// Every model, its vote count and its time survive, and the check answers as
// before.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { readerModelsOf, staleReaderModels } from '../../../src/store/index.js';
import { oldStore } from '../../helpers/old-store.js';
import { forEachStore } from '../../helpers/postgres.js';

const AT = '2026-11-24T07:00:00.000Z';
const LATER = '2026-11-25T07:00:00.000Z';
const MODEL = JSON.stringify({ v: 1, bias: -0.25, weights: [['diffus', 1.5]], liked: [{ id: 'p1', title: 'Fast diffusion', terms: [['diffus', 0.8]] }], disliked: [], words: { more: ['diffusion'], less: [] } });

forEachStore((store) => {
  describe('migration 017-reader-model-columns', () => {
    it('keeps every model and what it was trained on, and a stale one is still found', async () => {
      const location = await store.location({ migrated: false });
      await oldStore(
        location,
        '016-one-row-per-edition',
        `insert into papers (id, title, abstract, first_seen_at, updated_at) values ('p1', 'Fast diffusion', 'An abstract.', '${AT}', '${AT}');
         insert into subscribers (id, email, name, timezone, frequency, status, created_at, updated_at)
           values (1, 'ada@example.org', 'Ada', 'UTC', 'daily', 'active', '${AT}', '${AT}'), (2, 'bob@example.org', null, 'UTC', 'daily', 'active', '${AT}', '${AT}');
         insert into feedback (subscriber_id, paper_id, vote, created_at, updated_at) values (1, 'p1', 'up', '${AT}', '${AT}'), (2, 'p1', 'up', '${LATER}', '${LATER}');
         insert into reader_models (subscriber_id, model, votes, trained_at) values (1, '${MODEL}', 1, '${AT}'), (2, '${MODEL}', 1, '${AT}');`,
      );

      const db = await store.upgrade(location);

      const models = await readerModelsOf(db, [1, 2]);
      expect([...models.keys()].sort()).toEqual([1, 2]);
      expect(models.get(1)).toEqual({ bias: -0.25, stems: ['diffus'], weights: [1.5], liked: [{ id: 'p1', title: 'Fast diffusion', stems: ['diffus'], weights: [0.8] }], disliked: [], words: { more: ['diffusion'], less: [] } });
      const { rows: kept } = await sql<{ model: string }>`select model from reader_models order by subscriber_id`.execute(db);
      expect(kept.map((row) => row.model)).toEqual([MODEL, MODEL]);
      // Bob voted after his model was trained; Ada did not.
      expect(await staleReaderModels(db)).toEqual([2]);
      const { rows } = await sql<{ subscriber_id: number; votes: number; trained_at: string }>`select subscriber_id, votes, trained_at from reader_models order by subscriber_id`.execute(db);
      expect(rows).toEqual([
        { subscriber_id: 1, votes: 1, trained_at: AT },
        { subscriber_id: 2, votes: 1, trained_at: AT },
      ]);
      if (store.engine === 'sqlite') {
        const columns = await sql<{ name: string }>`select name from pragma_table_info('reader_models') order by cid`.execute(db);
        expect(columns.rows.map((column) => column.name)).toEqual(['subscriber_id', 'votes', 'trained_at', 'model']);
      }
    });
  });
});
