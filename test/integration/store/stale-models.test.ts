// Which reader models a run retrains: those whose votes changed, and those
// whose reader has no votes left. The second question is an anti-join on
// PostgreSQL: NOT IN there became a scan of every vote per model once the
// votes outgrew work_mem, before every run's first message.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { staleReaderModels } from '../../../src/store/index.js';
import { orphanReaderModels } from '../../../src/store/feedback.js';
import { forEachStore } from '../../helpers/postgres.js';

const AT = '2026-11-24T07:00:00.000Z';
const LATER = '2026-11-25T07:00:00.000Z';
// Never decoded: staleness reads only the vote count and time kept beside it.
const MODEL = '{}';

forEachStore((store) => {
  describe('stale reader models', () => {
    it('names a model with newer or fewer votes than it was trained on, and one whose votes are gone, and no other', async () => {
      const db = await store.open();
      await sql`insert into papers (id, title, abstract, first_seen_at, updated_at) values ('p1', 'Fast diffusion', 'An abstract.', ${AT}, ${AT}), ('p2', 'Slow diffusion', 'An abstract.', ${AT}, ${AT})`.execute(db);
      const readers = [1, 2, 3, 4, 5];
      for (const id of readers) {
        await sql`insert into subscribers (id, email, timezone, frequency, status, created_at, updated_at) values (${id}, ${`r${id}@example.org`}, 'UTC', 'daily', 'active', ${AT}, ${AT})`.execute(db);
      }
      // 1: current. 2: voted after training. 3: votes gone. 4: votes, no model. 5: one vote of two withdrawn.
      await sql`insert into feedback (subscriber_id, paper_id, vote, created_at, updated_at) values (1, 'p1', 'up', ${AT}, ${AT}), (2, 'p1', 'up', ${LATER}, ${LATER}), (4, 'p1', 'down', ${AT}, ${AT}), (5, 'p2', 'up', ${AT}, ${AT})`.execute(db);
      await sql`insert into reader_models (subscriber_id, model, votes, trained_at) values (1, ${MODEL}, 1, ${AT}), (2, ${MODEL}, 1, ${AT}), (3, ${MODEL}, 2, ${AT}), (5, ${MODEL}, 2, ${AT})`.execute(db);

      expect(await staleReaderModels(db)).toEqual([2, 3, 4, 5]);
    });

    if (store.engine === 'postgres') {
      it('finds models without votes by an anti-join, not a subplan run per model', async () => {
        const db = await store.open();
        const query = orphanReaderModels(db).compile();
        const { rows } = await sql<{ 'QUERY PLAN': string }>`explain ${sql.raw(query.sql)}`.execute(db);
        const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
        expect(plan).toMatch(/Anti Join/);
        expect(plan).not.toMatch(/SubPlan/);
      });
    }
  });
});
