// A store from before 007-edition-writes (digest JSON in the editions row,
// edition_papers with a rowid and an edition_id index) keeps everything it
// held when it is opened by this version.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { isPaperboyError } from '../../../src/errors.js';
import { connectStore } from '../../../src/store/database.js';
import { listEditions, loadDigest, papersAlreadySent, removeSubscriber } from '../../../src/store/index.js';
import { oldStore } from '../../helpers/old-store.js';
import { forEachStore } from '../../helpers/postgres.js';

const STORED = {
  kind: 'daily',
  period: '2026-11-24',
  key: 'daily:2026-11-24',
  subscriber: { id: 1, email: 'ada@example.org', name: 'Ada', timezone: 'UTC' },
  at: '2026-11-24T07:00:00.000Z',
  sections: [{ topic: 'Diffusion', matches: [{ score: 3, topic: 'Diffusion', highlights: [], why: 'matched topic Diffusion in the title', paperId: 'p1' }] }],
};

async function storeAt006(location: string, extraSql = ''): Promise<void> {
  const at = '2026-11-24T07:00:00.000Z';
  const digest = (id: number) => JSON.stringify({ ...STORED, subscriber: { ...STORED.subscriber, id } }).replace(/'/g, "''");
  await oldStore(
    location,
    '006-seed',
    `insert into papers (id, title, abstract, first_seen_at, updated_at)
       values ('p1', 'Fast diffusion', 'An abstract.', '${at}', '${at}'), ('p2', 'Slow diffusion', 'Another.', '${at}', '${at}');
     insert into subscribers (id, email, name, timezone, frequency, status, created_at, updated_at)
       values (1, 'ada@example.org', 'Ada', 'UTC', 'daily', 'active', '${at}', '${at}'), (2, 'bob@example.org', null, 'UTC', 'daily', 'active', '${at}', '${at}');
     insert into editions (id, subscriber_id, kind, period, state, digest, message_id, created_at, updated_at)
       values (1, 1, 'daily', '2026-11-24', 'sent', '${digest(1)}', '<1@example.org>', '${at}', '${at}'),
              (2, 2, 'daily', '2026-11-24', 'sent', '${digest(2)}', '<2@example.org>', '${at}', '${at}');
     insert into edition_papers (subscriber_id, kind, paper_id, edition_id) values (1, 'daily', 'p1', 1), (1, 'daily', 'p2', 1), (2, 'daily', 'p1', 2);
     ${extraSql}`,
  );
}

forEachStore((store) => {
  describe('migration 007-edition-writes', () => {
    it('moves each digest to edition_digests and keeps every paper sent, which still leave with their subscriber', async () => {
      const location = await store.location({ migrated: false });
      await storeAt006(location);

      const db = await store.upgrade(location);

      const loaded = await loadDigest(db, 1);
      expect(loaded?.digest.sections[0].matches[0].paper.title).toBe('Fast diffusion');
      expect(loaded?.digest.sections[0].matches[0].why).toBe('matched topic Diffusion in the title');
      expect((await listEditions(db)).map((edition) => [edition.id, edition.state, edition.messageId])).toEqual([
        [1, 'sent', '<1@example.org>'],
        [2, 'sent', '<2@example.org>'],
      ]);
      const sent = await papersAlreadySent(db, 'daily', [1, 2]);
      expect([...(sent.get(1) ?? [])].sort()).toEqual(['p1', 'p2']);
      expect([...(sent.get(2) ?? [])]).toEqual(['p1']);

      await removeSubscriber(db, 'ada@example.org');
      expect(await loadDigest(db, 1)).toBeNull();
      expect((await papersAlreadySent(db, 'daily', [1, 2])).get(1)).toBeUndefined();
      expect(await db.selectFrom('edition_digests').select('edition_id').execute()).toEqual([{ edition_id: 2 }]);
      expect(await db.selectFrom('sent_history').select(['subscriber_id', 'papers']).execute()).toEqual([{ subscriber_id: 2, papers: 'p1' }]);
    });

    it('changes nothing when it cannot finish: the store stays as it was, and says why', async () => {
      const location = await store.location({ migrated: false });
      // A table in the way makes the fourth step fail, after the digests were copied and their column dropped.
      await storeAt006(location, 'create table edition_papers_keyed (x integer);');

      const error = await store.upgrade(location).then(
        () => null,
        (e: unknown) => e,
      );

      expect(isPaperboyError(error) && error.message).toMatch(/migration 007-edition-writes failed/);
      const db = await connectStore(location);
      try {
        const { rows } = await sql<{ digest: string }>`select digest from editions where id = 1`.execute(db);
        expect(rows).toEqual([{ digest: JSON.stringify(STORED) }]);
        expect((await db.introspection.getTables()).map((table) => table.name)).not.toContain('edition_digests');
        // The table this version no longer has, as the old store held it.
        const { rows: papers } = await sql<{ n: number | string }>`select count(*) as n from edition_papers`.execute(db);
        expect(Number(papers[0].n)).toBe(3);
      } finally {
        await db.destroy();
      }
    });
  });
});
