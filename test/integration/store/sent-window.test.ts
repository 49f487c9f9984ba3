// A run asks which of its candidate papers each subscriber already has. The
// rows of papers first seen before the candidates' window are never read
// (008-sent-window keys edition_papers by that day), so what a run reads does
// not grow with the store's history; a store from before keeps every row.
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { isPaperboyError } from '../../../src/errors.js';
import { benchDigest } from '../../../src/render/bench.js';
import { bulkInsertSubscribers, openDatabase, papersAlreadySent, planEditions, sentDay, type Db } from '../../../src/store/index.js';
import type { Digest } from '../../../src/types.js';
import { makeSubscribers } from '../../helpers/app.js';
import { oldStore } from '../../helpers/old-store.js';
import { tempDir } from '../../helpers/temp.js';

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

describe('papersAlreadySent, for a window of papers', () => {
  let db: Db | undefined;
  afterEach(async () => {
    await db?.destroy();
  });

  it('reads the papers first seen on or after the window’s day, and all of them when asked for no window', async () => {
    db = await openDatabase(join(tempDir(), 'store.db'));
    await bulkInsertSubscribers(db, makeSubscribers(1), NOW);
    // Last year, the day before the window, the window's first day (late in it), and yesterday.
    const seen = ['2025-11-01T09:00:00.000Z', '2026-10-24T23:59:59.999Z', '2026-10-25T23:00:00.000Z', '2026-11-23T05:00:00.000Z'];
    await planEditions(db, [{ digest: digestWith('2026-11-23', seen), messageId: '<a@x>' }], NOW);

    const windowed = await papersAlreadySent(db, 'daily', [1], new Date('2026-10-25T08:00:00.000Z'));
    expect([...(windowed.get(1) ?? [])].sort()).toEqual(['p2', 'p3']);
    const all = await papersAlreadySent(db, 'daily', [1]);
    expect([...(all.get(1) ?? [])].sort()).toEqual(['p0', 'p1', 'p2', 'p3']);
    expect(await db.selectFrom('edition_papers').select(['paper_id', 'seen_day']).orderBy('paper_id').execute()).toEqual(
      seen.map((at, i) => ({ paper_id: `p${i}`, seen_day: sentDay(at) })),
    );
  });

  it('still records a paper once per subscriber and kind, whatever edition carries it again', async () => {
    db = await openDatabase(join(tempDir(), 'store.db'));
    await bulkInsertSubscribers(db, makeSubscribers(1), NOW);
    const seen = ['2026-11-22T05:00:00.000Z', '2026-11-23T05:00:00.000Z'];
    await planEditions(db, [{ digest: digestWith('2026-11-23', seen), messageId: '<a@x>' }], NOW);
    await planEditions(db, [{ digest: digestWith('2026-11-24', seen), messageId: '<b@x>' }], NOW);
    expect(await db.selectFrom('edition_papers').select(['paper_id', 'edition_id']).orderBy('paper_id').execute()).toEqual([
      { paper_id: 'p0', edition_id: 1 },
      { paper_id: 'p1', edition_id: 1 },
    ]);
  });
});

/** A store as 007-edition-writes left it, with three papers sent to subscriber 1 (one no longer stored). */
async function storeAt007(path: string, extraSql = ''): Promise<void> {
  const at = '2026-11-24T07:00:00.000Z';
  await oldStore(
    path,
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
  let db: Db | undefined;
  afterEach(async () => {
    await db?.destroy();
  });

  it('files every paper sent under the day it was first seen (a paper no longer stored, before any window)', async () => {
    const path = join(tempDir(), 'old.db');
    await storeAt007(path);

    db = await openDatabase(path);

    expect(await db.selectFrom('edition_papers').select(['paper_id', 'seen_day', 'edition_id']).orderBy('paper_id').execute()).toEqual([
      { paper_id: 'gone', seen_day: 0, edition_id: 1 },
      { paper_id: 'new', seen_day: sentDay('2026-11-23T05:00:00.000Z'), edition_id: 1 },
      { paper_id: 'old', seen_day: sentDay('2026-01-05T10:00:00.000Z'), edition_id: 1 },
    ]);
    expect([...((await papersAlreadySent(db, 'daily', [1], new Date('2026-10-25T00:00:00Z'))).get(1) ?? [])]).toEqual(['new']);
    expect([...((await papersAlreadySent(db, 'daily', [1])).get(1) ?? [])].sort()).toEqual(['gone', 'new', 'old']);
  });

  it('changes nothing when it cannot finish, and says why', async () => {
    const path = join(tempDir(), 'old.db');
    // A papers table without first_seen_at makes the copy (the second step) fail, after the new table was made.
    await storeAt007(path, 'alter table papers rename column first_seen_at to seen_at');

    const error = await openDatabase(path).then(() => null, (e: unknown) => e);

    expect(isPaperboyError(error) && error.message).toMatch(/migration 008-sent-window failed/);
    const sqlite = new SQLite(path);
    try {
      expect(sqlite.prepare('select count(*) as n from edition_papers').get()).toEqual({ n: 3 });
      expect(sqlite.prepare("select name from pragma_table_info('edition_papers') where name = 'seen_day'").get()).toBeUndefined();
      expect(sqlite.prepare("select name from sqlite_master where name = 'edition_papers_by_day'").get()).toBeUndefined();
    } finally {
      sqlite.close();
    }
  });
});
