// Which reader models a run retrains: those whose votes changed, and those
// whose reader has no votes left. Votes go through the store functions that
// keep each voter's tally, which is what the question reads. On PostgreSQL
// the models without votes are found by an anti-join, and votes cast at
// once for one reader are all counted.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { forgetVotes, recordVote, recordVotes, removeVote, saveReaderModel, staleReaderModels, type Db } from '../../../src/store/index.js';
import { orphanReaderModels } from '../../../src/store/feedback.js';
import type { ReaderModel } from '../../../src/learn/index.js';
import { oldStore } from '../../helpers/old-store.js';
import { forEachStore } from '../../helpers/postgres.js';

const AT = new Date('2026-11-24T07:00:00.000Z');
const TRAINED = new Date('2026-11-24T08:00:00.000Z');
const LATER = new Date('2026-11-25T07:00:00.000Z');
const MODEL: ReaderModel = { bias: 0, stems: [], weights: [], liked: [], disliked: [], words: { more: [], less: [] } };

async function papersAndReaders(db: Db, readers: number, papers: number): Promise<void> {
  const at = AT.toISOString();
  for (let id = 1; id <= papers; id++) await sql`insert into papers (id, title, abstract, first_seen_at, updated_at) values (${`p${id}`}, ${`Paper ${id}`}, 'An abstract.', ${at}, ${at})`.execute(db);
  for (let id = 1; id <= readers; id++) {
    await sql`insert into subscribers (id, email, timezone, frequency, status, created_at, updated_at) values (${id}, ${`r${id}@example.org`}, 'UTC', 'daily', 'active', ${at}, ${at})`.execute(db);
  }
}

forEachStore((store) => {
  describe('stale reader models', () => {
    it('names a model with newer or fewer votes than it was trained on, and one whose votes are gone, and no other', async () => {
      const db = await store.open();
      await papersAndReaders(db, 7, 2);
      // 1: current. 2: voted after training. 3: votes gone. 4: votes, no model.
      // 5: one vote of two withdrawn. 6: a vote changed after training. 7: forgot every vote.
      await recordVotes(db, [1, 2, 3, 5, 6, 7].map((id) => ({ subscriberId: id, paperId: 'p1', vote: 'up' as const })), AT);
      await recordVotes(db, [4, 5].map((id) => ({ subscriberId: id, paperId: 'p2', vote: 'down' as const })), AT);
      for (const id of [1, 2, 3, 6, 7]) await saveReaderModel(db, id, MODEL, 1, TRAINED);
      await saveReaderModel(db, 5, MODEL, 2, TRAINED);
      expect(await staleReaderModels(db)).toEqual([4]);

      await recordVote(db, { subscriberId: 2, paperId: 'p2', vote: 'up' }, LATER);
      expect(await removeVote(db, 3, 'p1')).toBe(true);
      expect(await removeVote(db, 5, 'p2')).toBe(true);
      await recordVote(db, { subscriberId: 6, paperId: 'p1', vote: 'down' }, LATER);
      expect(await forgetVotes(db, 7)).toBe(1);

      expect(await staleReaderModels(db)).toEqual([2, 3, 4, 5, 6]);
      const tallies = await db.selectFrom('vote_tallies').selectAll().orderBy('subscriber_id').execute();
      expect(tallies).toEqual([
        { subscriber_id: 1, votes: 1, voted_at: AT.toISOString() },
        { subscriber_id: 2, votes: 2, voted_at: LATER.toISOString() },
        { subscriber_id: 4, votes: 1, voted_at: AT.toISOString() },
        { subscriber_id: 5, votes: 1, voted_at: AT.toISOString() },
        { subscriber_id: 6, votes: 1, voted_at: LATER.toISOString() },
      ]);
    });

    it('migration 020 tallies the votes a store already holds, so that its stale models are still found', async () => {
      const location = await store.location({ migrated: false });
      const [at, trained, later] = [AT, TRAINED, LATER].map((date) => date.toISOString());
      await oldStore(
        location,
        '019-sent-history-by-day',
        `insert into papers (id, title, abstract, first_seen_at, updated_at) values ('p1', 'Paper 1', 'An abstract.', '${at}', '${at}'), ('p2', 'Paper 2', 'An abstract.', '${at}', '${at}');
         insert into subscribers (id, email, timezone, frequency, status, created_at, updated_at)
           values (1, 'r1@example.org', 'UTC', 'daily', 'active', '${at}', '${at}'), (2, 'r2@example.org', 'UTC', 'daily', 'active', '${at}', '${at}'), (3, 'r3@example.org', 'UTC', 'daily', 'active', '${at}', '${at}');
         insert into feedback (subscriber_id, paper_id, vote, created_at, updated_at) values (1, 'p1', 'up', '${at}', '${at}'), (1, 'p2', 'down', '${at}', '${later}'), (2, 'p1', 'up', '${at}', '${at}');
         insert into reader_models (subscriber_id, model, votes, trained_at) values (1, '{}', 2, '${trained}'), (2, '{}', 1, '${trained}'), (3, '{}', 1, '${trained}');`,
      );

      const db = await store.upgrade(location);

      expect(await db.selectFrom('vote_tallies').selectAll().orderBy('subscriber_id').execute()).toEqual([
        { subscriber_id: 1, votes: 2, voted_at: later },
        { subscriber_id: 2, votes: 1, voted_at: at },
      ]);
      // 1 changed a vote after training; 3 has a model and no votes.
      expect(await staleReaderModels(db)).toEqual([1, 3]);
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

      it('counts every vote of one reader cast at once on several connections', async () => {
        const db = await store.open();
        await papersAndReaders(db, 1, 24);
        const papers = Array.from({ length: 24 }, (_, i) => `p${i + 1}`);
        // Each its own transaction on its own pooled connection, all at once.
        await Promise.all(papers.map((paperId) => recordVote(db, { subscriberId: 1, paperId, vote: 'up' }, AT)));
        const tally = await db.selectFrom('vote_tallies').selectAll().executeTakeFirstOrThrow();
        expect(tally.votes).toBe(24);
        await saveReaderModel(db, 1, MODEL, 24, TRAINED);
        expect(await staleReaderModels(db)).toEqual([]);
      });
    }
  });
});
