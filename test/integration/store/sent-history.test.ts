// What a run reads of the papers each reader has had comes from
// sent_history, one row per edition (014-sent-history, filled from
// edition_papers, which 016 drops): a paper sent once is never a candidate
// for that reader again.
import { Migrator, sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { benchDigest } from '../../../src/render/bench.js';
import { bulkInsertSubscribers, papersAlreadySent, planEditions, removeSubscriber, sentDay } from '../../../src/store/index.js';
import { engineOf } from '../../../src/store/engine.js';
import { migrations } from '../../../src/store/migrations/index.js';
import type { SentPapers } from '../../../src/sent-papers.js';
import type { Digest } from '../../../src/types.js';
import { makeSubscribers } from '../../helpers/app.js';
import { oldStore } from '../../helpers/old-store.js';
import { forEachStore } from '../../helpers/postgres.js';

const NOW = new Date('2026-11-24T07:00:00Z');

/** A digest for a subscriber carrying papers `ids`, each first seen at the instant beside it. */
function digestWith(subscriberId: number, period: string, papers: [id: string, firstSeen: string][]): Digest {
  const digest = benchDigest(papers.length);
  const matches = digest.sections.flatMap((section) => section.matches);
  return {
    ...digest,
    period,
    key: `daily:${period}`,
    subscriber: { ...digest.subscriber, id: subscriberId },
    sections: [{ topic: 'Diffusion', matches: papers.map(([id, firstSeen], i) => ({ ...matches[i], paper: { ...matches[i].paper, id, firstSeenAt: firstSeen } })) }],
  };
}

const sorted = (set: ReadonlySet<string> | undefined) => [...(set ?? [])].sort();

forEachStore((store) => {
  describe('sent_history', () => {
    it('holds one row per planned edition, and answers for the window of each reader alone', async () => {
      const db = await store.open();
      await bulkInsertSubscribers(db, makeSubscribers(2), NOW);
      await planEditions(
        db,
        [
          { digest: digestWith(1, '2026-11-22', [['a', '2026-11-21T05:00:00.000Z'], ['b', '2026-09-01T05:00:00.000Z']]), messageId: '<1@x>' },
          { digest: digestWith(1, '2026-11-23', [['c', '2026-11-22T05:00:00.000Z']]), messageId: '<2@x>' },
          { digest: digestWith(2, '2026-11-23', [['d', '2026-11-22T05:00:00.000Z']]), messageId: '<3@x>' },
        ],
        NOW,
      );
      expect(await db.selectFrom('sent_history').select(['subscriber_id', 'last_day', 'first_day']).orderBy('edition_id').execute()).toEqual([
        { subscriber_id: 1, last_day: sentDay('2026-11-21T05:00:00.000Z'), first_day: sentDay('2026-09-01T05:00:00.000Z') },
        { subscriber_id: 1, last_day: sentDay('2026-11-22T05:00:00.000Z'), first_day: sentDay('2026-11-22T05:00:00.000Z') },
        { subscriber_id: 2, last_day: sentDay('2026-11-22T05:00:00.000Z'), first_day: sentDay('2026-11-22T05:00:00.000Z') },
      ]);
      // The first edition straddles the window: of its papers only the one first seen inside it counts.
      const sent = await papersAlreadySent(db, 'daily', [1, 2], new Date('2026-10-25T00:00:00Z'));
      expect(sorted(sent.get(1))).toEqual(['a', 'c']);
      expect(sorted(sent.get(2))).toEqual(['d']);
      expect(sorted((await papersAlreadySent(db, 'daily', [1])).get(1))).toEqual(['a', 'b', 'c']);
      expect(await papersAlreadySent(db, 'weekly', [1, 2])).toEqual(new Map());
    });

    it('gives readers who had the same edition the same list, and a straddling row a list of its own', async () => {
      const db = await store.open();
      await bulkInsertSubscribers(db, makeSubscribers(3), NOW);
      const same: [string, string][] = [['p1', '2026-11-22T05:00:00.000Z'], ['p2', '2026-11-22T05:00:00.000Z']];
      await planEditions(
        db,
        [
          { digest: digestWith(1, '2026-11-23', same), messageId: '<1@x>' },
          { digest: digestWith(2, '2026-11-23', same), messageId: '<2@x>' },
          { digest: digestWith(3, '2026-11-23', [['old', '2026-09-01T05:00:00.000Z'], ...same]), messageId: '<3@x>' },
        ],
        NOW,
      );
      const sent = await papersAlreadySent(db, 'daily', [1, 2, 3], new Date('2026-10-25T00:00:00Z'));
      const lists = (id: number) => (sent.get(id) as SentPapers).lists;
      // The matcher looks each list up once for all the readers who share it (matcher.ts).
      expect(lists(1)).toEqual([['p1', 'p2']]);
      expect(lists(2)[0]).toBe(lists(1)[0]);
      expect(lists(3)).toEqual([['p1', 'p2']]);
      expect(lists(3)[0]).not.toBe(lists(1)[0]);
    });

    it('planning an edition again changes nothing, and a removed subscriber’s rows go with it', async () => {
      const db = await store.open();
      await bulkInsertSubscribers(db, makeSubscribers(2), NOW);
      const edition = { digest: digestWith(1, '2026-11-23', [['a', '2026-11-22T05:00:00.000Z']]), messageId: '<1@x>' };
      await planEditions(db, [edition], NOW);
      expect(await planEditions(db, [edition], NOW)).toEqual([null]);
      expect(await db.selectFrom('sent_history').select('papers').execute()).toEqual([{ papers: 'a' }]);
      await planEditions(db, [{ digest: digestWith(2, '2026-11-23', [['b', '2026-11-22T05:00:00.000Z']]), messageId: '<2@x>' }], NOW);
      await removeSubscriber(db, 'reader0@example.org');
      expect(await db.selectFrom('sent_history').select('subscriber_id').execute()).toEqual([{ subscriber_id: 2 }]);
    });
    it('reads readers close in id together, and leaves out those in between it was not asked for', async () => {
      const db = await store.open();
      // Ids 1 to 2,101: 1, 2 and 3 close together, 2,101 too far from them to share their statement.
      await bulkInsertSubscribers(db, makeSubscribers(2101), NOW);
      await planEditions(
        db,
        [1, 2, 3, 2101].map((id) => ({ digest: digestWith(id, '2026-11-23', [[`p${id}`, '2026-11-22T05:00:00.000Z']]), messageId: `<${id}@x>` })),
        NOW,
      );
      const sent = await papersAlreadySent(db, 'daily', [2101, 3, 1], new Date('2026-11-01T00:00:00Z'));
      expect([...sent.keys()].sort((a, b) => a - b)).toEqual([1, 3, 2101]);
      expect(sorted(sent.get(3))).toEqual(['p3']);
      expect(sorted(sent.get(2101))).toEqual(['p2101']);
    });
  });

  describe('migration 014-sent-history', () => {
    it('fills sent_history from the papers every edition sent before', async () => {
      const location = await store.location({ migrated: false });
      const at = '2026-11-24T07:00:00.000Z';
      await oldStore(
        location,
        '013-runners',
        `insert into subscribers (id, email, name, timezone, frequency, status, created_at, updated_at) values (1, 'ada@example.org', 'Ada', 'UTC', 'daily', 'active', '${at}', '${at}');
         insert into editions (id, subscriber_id, kind, period, state, message_id, created_at, updated_at) values (1, 1, 'daily', '2026-11-22', 'sent', '<1@x>', '${at}', '${at}'), (2, 1, 'daily', '2026-11-23', 'sent', '<2@x>', '${at}', '${at}');
         insert into edition_papers (subscriber_id, kind, seen_day, paper_id, edition_id) values (1, 'daily', 20000, 'old', 1), (1, 'daily', 20410, 'p1', 1), (1, 'daily', 20412, 'p2', 2), (1, 'daily', 20411, 'p3', 2);`,
      );

      const db = await store.upgrade(location);

      const rows = await db.selectFrom('sent_history').select(['edition_id', 'last_day', 'first_day', 'papers', 'days']).orderBy('edition_id').execute();
      expect(rows.map(({ edition_id, last_day, first_day }) => ({ edition_id, last_day, first_day }))).toEqual([
        { edition_id: 1, last_day: 20410, first_day: 20000 },
        { edition_id: 2, last_day: 20412, first_day: 20411 },
      ]);
      expect(sorted((await papersAlreadySent(db, 'daily', [1], new Date(20410 * 86_400_000))).get(1))).toEqual(['p1', 'p2', 'p3']);
      expect(sorted((await papersAlreadySent(db, 'daily', [1], new Date(20412 * 86_400_000))).get(1))).toEqual(['p2']);
      expect(sorted((await papersAlreadySent(db, 'daily', [1])).get(1))).toEqual(['old', 'p1', 'p2', 'p3']);
    });
  });

  describe('migration 016-one-row-per-edition', () => {
    it('drops edition_papers, and a reader still has every paper sent; taken back, it lists them again, those of a row without days on its first day', async () => {
      const location = await store.location({ migrated: false });
      const at = '2026-11-24T07:00:00.000Z';
      await oldStore(
        location,
        '015-votes-by-reader',
        `insert into subscribers (id, email, name, timezone, frequency, status, created_at, updated_at) values (1, 'ada@example.org', 'Ada', 'UTC', 'daily', 'active', '${at}', '${at}');
         insert into editions (id, subscriber_id, kind, period, state, message_id, created_at, updated_at) values (1, 1, 'daily', '2026-11-23', 'sent', '<1@x>', '${at}', '${at}'), (2, 1, 'daily', '2026-11-24', 'sent', '<2@x>', '${at}', '${at}');
         insert into edition_papers (subscriber_id, kind, seen_day, paper_id, edition_id) values (1, 'daily', 20410, 'p1', 1), (1, 'daily', 20411, 'p2', 1), (1, 'daily', 20412, 'p3', 2), (1, 'daily', 20412, 'p4', 2);
         insert into sent_history (subscriber_id, kind, last_day, edition_id, first_day, papers, days) values (1, 'daily', 20411, 1, 20410, 'p1' || char(10) || 'p2', '20410,20411'), (1, 'daily', 20412, 2, 20412, 'p3' || char(10) || 'p4', '');`.replaceAll(
          'char(10)',
          location.startsWith('postgres') ? 'chr(10)' : 'char(10)',
        ),
      );

      const db = await store.upgrade(location);

      expect((await db.introspection.getTables()).map((table) => table.name)).not.toContain('edition_papers');
      expect(sorted((await papersAlreadySent(db, 'daily', [1])).get(1))).toEqual(['p1', 'p2', 'p3', 'p4']);
      const { error } = await new Migrator({ db: db as unknown as Kysely<unknown>, provider: { getMigrations: async () => migrations } }).migrateTo('015-votes-by-reader');
      expect(error).toBeUndefined();
      const { rows } = await sql<{ seen_day: number; paper_id: string; edition_id: number }>`select seen_day, paper_id, edition_id from edition_papers order by paper_id`.execute(db);
      expect(rows).toEqual([
        { seen_day: 20410, paper_id: 'p1', edition_id: 1 },
        { seen_day: 20411, paper_id: 'p2', edition_id: 1 },
        { seen_day: 20412, paper_id: 'p3', edition_id: 2 },
        { seen_day: 20412, paper_id: 'p4', edition_id: 2 },
      ]);
    });
  });

  describe('migration 019-sent-history-by-day', () => {
    it('keys the rows by day, keeps every one, and answers as before; taken back, keys them by reader again', async () => {
      const location = await store.location({ migrated: false });
      const at = '2026-11-24T07:00:00.000Z';
      const nl = location.startsWith('postgres') ? 'chr(10)' : 'char(10)';
      await oldStore(
        location,
        '018-match-indexes',
        `insert into subscribers (id, email, name, timezone, frequency, status, created_at, updated_at) values (1, 'ada@example.org', 'Ada', 'UTC', 'daily', 'active', '${at}', '${at}'), (2, 'bo@example.org', 'Bo', 'UTC', 'daily', 'active', '${at}', '${at}');
         insert into editions (id, subscriber_id, kind, period, state, message_id, created_at, updated_at) values (1, 1, 'daily', '2026-11-22', 'sent', '<1@x>', '${at}', '${at}'), (2, 1, 'daily', '2026-11-23', 'sent', '<2@x>', '${at}', '${at}'), (3, 2, 'daily', '2026-11-23', 'sent', '<3@x>', '${at}', '${at}');
         insert into sent_history (subscriber_id, kind, last_day, edition_id, first_day, papers, days) values
           (1, 'daily', 20410, 1, 20000, 'old' || ${nl} || 'p1', '20000,20410'), (1, 'daily', 20412, 2, 20411, 'p2' || ${nl} || 'p3', '20412,20411'), (2, 'daily', 20412, 3, 20412, 'p2', '20412');`,
      );
      const rows = 'select subscriber_id, kind, last_day, edition_id, first_day, papers, days from sent_history order by edition_id';
      const before = [
        { subscriber_id: 1, kind: 'daily', last_day: 20410, edition_id: 1, first_day: 20000, papers: 'old\np1', days: '20000,20410' },
        { subscriber_id: 1, kind: 'daily', last_day: 20412, edition_id: 2, first_day: 20411, papers: 'p2\np3', days: '20412,20411' },
        { subscriber_id: 2, kind: 'daily', last_day: 20412, edition_id: 3, first_day: 20412, papers: 'p2', days: '20412' },
      ];

      const db = await store.upgrade(location);

      expect(await sentHistoryKey(db)).toBe('kind, last_day, subscriber_id, edition_id');
      expect((await sql.raw(rows).execute(db)).rows).toEqual(before);
      expect(sorted((await papersAlreadySent(db, 'daily', [1, 2], new Date(20410 * 86_400_000))).get(1))).toEqual(['p1', 'p2', 'p3']);
      expect(sorted((await papersAlreadySent(db, 'daily', [1, 2], new Date(20412 * 86_400_000))).get(2))).toEqual(['p2']);
      expect(sorted((await papersAlreadySent(db, 'daily', [1])).get(1))).toEqual(['old', 'p1', 'p2', 'p3']);
      const { error } = await new Migrator({ db: db as unknown as Kysely<unknown>, provider: { getMigrations: async () => migrations } }).migrateTo('018-match-indexes');
      expect(error).toBeUndefined();
      expect(await sentHistoryKey(db)).toBe('subscriber_id, kind, last_day, edition_id');
      expect((await sql.raw(rows).execute(db)).rows).toEqual(before);
    });
  });
});

/** The columns of sent_history's primary key, in order, as the engine reports them. */
async function sentHistoryKey(db: Kysely<any>): Promise<string> {
  if (engineOf(db) === 'sqlite') {
    const { rows } = await sql<{ name: string }>`select name from pragma_index_info((select name from pragma_index_list('sent_history') where origin = 'pk')) order by seqno`.execute(db);
    return rows.map((row) => row.name).join(', ');
  }
  const { rows } = await sql<{ name: string }>`select a.attname as name from pg_index i join lateral unnest(i.indkey) with ordinality as k(attnum, n) on true join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum where i.indrelid = 'sent_history'::regclass and i.indisprimary order by k.n`.execute(db);
  return rows.map((row) => row.name).join(', ');
}
