// A run asks which of its candidate papers each subscriber already has. The
// rows of editions whose papers were all first seen before the candidates'
// window are never read (sent_history is keyed by the newest such day; until
// 016, edition_papers by each paper's), so what a run reads does not grow
// with the store's history; a store from before keeps every paper it sent.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { isPaperboyError } from '../../../src/errors.js';
import { benchDigest } from '../../../src/render/bench.js';
import { connectStore } from '../../../src/store/database.js';
import { bulkInsertSubscribers, papersAlreadySent, planEditions, sentDay } from '../../../src/store/index.js';
import type { Digest } from '../../../src/types.js';
import { makeSubscribers } from '../../helpers/app.js';
import { oldStore } from '../../helpers/old-store.js';
import { forEachStore } from '../../helpers/postgres.js';

const NOW = new Date('2026-11-24T07:00:00Z');

/** A digest for subscriber 1 carrying papers first seen at these instants, `p0`, `p1`, …. */
function digestWith(period: string, firstSeen: string[]): Digest {
  const digest = benchDigest(firstSeen.length);
  const matches = digest.sections.flatMap((section) => section.matches);
  return {
    ...digest,
    period,
    key: `daily:${period}`,
    subscriber: { ...digest.subscriber, id: 1 },
    sections: [{ topic: 'Diffusion', matches: matches.map((match, i) => ({ ...match, paper: { ...match.paper, id: `p${i}`, firstSeenAt: firstSeen[i] } })) }],
  };
}

forEachStore((store) => {
  describe('papersAlreadySent, for a window of papers', () => {
    it('reads the papers first seen on or after the window’s day, and all of them when asked for no window', async () => {
      const db = await store.open();
      await bulkInsertSubscribers(db, makeSubscribers(1), NOW);
      // Last year, the day before the window, the window's first day (late in it), and yesterday.
      const seen = ['2025-11-01T09:00:00.000Z', '2026-10-24T23:59:59.999Z', '2026-10-25T23:00:00.000Z', '2026-11-23T05:00:00.000Z'];
      await planEditions(db, [{ digest: digestWith('2026-11-23', seen), messageId: '<a@x>' }], NOW);

      const windowed = await papersAlreadySent(db, 'daily', [1], new Date('2026-10-25T08:00:00.000Z'));
      expect([...(windowed.get(1) ?? [])].sort()).toEqual(['p2', 'p3']);
      const all = await papersAlreadySent(db, 'daily', [1]);
      expect([...(all.get(1) ?? [])].sort()).toEqual(['p0', 'p1', 'p2', 'p3']);
      expect(await db.selectFrom('sent_history').select(['last_day', 'first_day', 'papers', 'days']).execute()).toEqual([
        { last_day: sentDay(seen[3]), first_day: sentDay(seen[0]), papers: 'p0\np1\np2\np3', days: seen.map((at) => sentDay(at)).join(',') },
      ]);
    });

    it('keeps no days for an edition whose papers were all first seen on one day, and reads it inside and outside any window', async () => {
      const db = await store.open();
      await bulkInsertSubscribers(db, makeSubscribers(1), NOW);
      const seen = ['2026-11-22T05:00:00.000Z', '2026-11-22T23:00:00.000Z'];
      await planEditions(db, [{ digest: digestWith('2026-11-23', seen), messageId: '<a@x>' }], NOW);

      expect(await db.selectFrom('sent_history').select(['last_day', 'first_day', 'papers', 'days']).execute()).toEqual([{ last_day: sentDay(seen[0]), first_day: sentDay(seen[0]), papers: 'p0\np1', days: '' }]);
      for (const window of [undefined, new Date('2026-11-22T00:00:00.000Z'), new Date('2026-11-22T12:00:00.000Z')]) {
        expect([...((await papersAlreadySent(db, 'daily', [1], window)).get(1) ?? [])].sort()).toEqual(['p0', 'p1']);
      }
      expect((await papersAlreadySent(db, 'daily', [1], new Date('2026-11-23T00:00:00.000Z'))).get(1)).toBeUndefined();
    });

    it('records each edition in one row, and a paper carried again is still had once', async () => {
      const db = await store.open();
      await bulkInsertSubscribers(db, makeSubscribers(1), NOW);
      const seen = ['2026-11-22T05:00:00.000Z', '2026-11-23T05:00:00.000Z'];
      await planEditions(db, [{ digest: digestWith('2026-11-23', seen), messageId: '<a@x>' }], NOW);
      await planEditions(db, [{ digest: digestWith('2026-11-24', seen), messageId: '<b@x>' }], NOW);
      expect(await db.selectFrom('sent_history').select(['edition_id', 'papers']).orderBy('edition_id').execute()).toEqual([
        { edition_id: 1, papers: 'p0\np1' },
        { edition_id: 2, papers: 'p0\np1' },
      ]);
      expect([...((await papersAlreadySent(db, 'daily', [1])).get(1) ?? [])].sort()).toEqual(['p0', 'p1']);
    });
  });

  /** A store as 007-edition-writes left it, with three papers sent to subscriber 1 (one no longer stored). */
  async function storeAt007(location: string, extraSql = ''): Promise<void> {
    const at = '2026-11-24T07:00:00.000Z';
    await oldStore(
      location,
      '007-edition-writes',
      `insert into papers (id, title, abstract, first_seen_at, updated_at)
       values ('old', 'Old', 'An abstract.', '2026-01-05T10:00:00.000Z', '${at}'), ('new', 'New', 'Another.', '2026-11-23T05:00:00.000Z', '${at}');
     insert into subscribers (id, email, name, timezone, frequency, status, created_at, updated_at) values (1, 'ada@example.org', 'Ada', 'UTC', 'daily', 'active', '${at}', '${at}');
     insert into editions (id, subscriber_id, kind, period, state, message_id, created_at, updated_at) values (1, 1, 'daily', '2026-11-23', 'sent', '<1@x>', '${at}', '${at}');
     insert into edition_papers (subscriber_id, kind, paper_id, edition_id) values (1, 'daily', 'old', 1), (1, 'daily', 'new', 1), (1, 'daily', 'gone', 1);
     ${extraSql}`,
    );
  }

  describe('migration 008-sent-window', () => {
    it('files every paper sent under the day it was first seen (a paper no longer stored, before any window)', async () => {
      const location = await store.location({ migrated: false });
      await storeAt007(location);

      const db = await store.upgrade(location);

      // Through 014, which lists each edition's papers and their days in sent_history, and 016, which drops edition_papers.
      const [row] = await db.selectFrom('sent_history').select(['edition_id', 'first_day', 'last_day', 'papers', 'days']).execute();
      const days = row.days.split(',').map(Number);
      expect(row.papers.split('\n').map((paper, i) => [paper, days[i]])).toEqual([
        ['gone', 0],
        ['new', sentDay('2026-11-23T05:00:00.000Z')],
        ['old', sentDay('2026-01-05T10:00:00.000Z')],
      ]);
      expect(row).toMatchObject({ edition_id: 1, first_day: 0, last_day: sentDay('2026-11-23T05:00:00.000Z') });
      expect((await db.introspection.getTables()).map((table) => table.name)).not.toContain('edition_papers');
      expect([...((await papersAlreadySent(db, 'daily', [1], new Date('2026-10-25T00:00:00Z'))).get(1) ?? [])]).toEqual(['new']);
      expect([...((await papersAlreadySent(db, 'daily', [1])).get(1) ?? [])].sort()).toEqual(['gone', 'new', 'old']);
    });

    it('changes nothing when it cannot finish, and says why', async () => {
      const location = await store.location({ migrated: false });
      // A papers table without first_seen_at makes the copy (the second step) fail, after the new table was made.
      await storeAt007(location, 'alter table papers rename column first_seen_at to seen_at;');

      const error = await store.upgrade(location).then(
        () => null,
        (e: unknown) => e,
      );

      expect(isPaperboyError(error) && error.message).toMatch(/migration 008-sent-window failed/);
      const db = await connectStore(location);
      try {
        // The table this version no longer has, as the old store held it.
        const { rows: papers } = await sql<{ n: number | string }>`select count(*) as n from edition_papers`.execute(db);
        expect(Number(papers[0].n)).toBe(3);
        const tables = await db.introspection.getTables();
        expect(tables.find((table) => table.name === 'edition_papers')?.columns.map((column) => column.name)).not.toContain('seen_day');
        expect(tables.map((table) => table.name)).not.toContain('edition_papers_by_day');
      } finally {
        await db.destroy();
      }
    });
  });
});
