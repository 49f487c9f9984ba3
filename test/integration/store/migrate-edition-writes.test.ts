// A store from before 007-edition-writes (digest JSON in the editions row,
// edition_papers with a rowid and an edition_id index) keeps everything it
// held when it is opened by this version.
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { isPaperboyError } from '../../../src/errors.js';
import { listEditions, loadDigest, openDatabase, papersAlreadySent, removeSubscriber, type Db } from '../../../src/store/index.js';
import { oldStore } from '../../helpers/old-store.js';
import { tempDir } from '../../helpers/temp.js';

const STORED = {
  kind: 'daily',
  period: '2026-11-24',
  key: 'daily:2026-11-24',
  subscriber: { id: 1, email: 'ada@example.org', name: 'Ada', timezone: 'UTC' },
  at: '2026-11-24T07:00:00.000Z',
  sections: [{ topic: 'Diffusion', matches: [{ score: 3, topic: 'Diffusion', highlights: [], why: 'matched topic Diffusion in the title', paperId: 'p1' }] }],
};

async function storeAt006(path: string, extraSql = ''): Promise<void> {
  const at = '2026-11-24T07:00:00.000Z';
  const digest = (id: number) => JSON.stringify({ ...STORED, subscriber: { ...STORED.subscriber, id } }).replace(/'/g, "''");
  await oldStore(
    path,
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

describe('migration 007-edition-writes', () => {
  let db: Db | undefined;
  afterEach(async () => {
    await db?.destroy();
  });

  it('moves each digest to edition_digests and keeps every paper sent, which still leave with their subscriber', async () => {
    const path = join(tempDir(), 'old.db');
    await storeAt006(path);

    db = await openDatabase(path);

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
    expect(await db.selectFrom('edition_papers').select(['subscriber_id', 'paper_id']).execute()).toEqual([{ subscriber_id: 2, paper_id: 'p1' }]);
  });

  it('changes nothing when it cannot finish: the store stays as it was, and says why', async () => {
    const path = join(tempDir(), 'old.db');
    // A table in the way makes the fourth step fail, after the digests were copied and their column dropped.
    await storeAt006(path, 'create table edition_papers_keyed (x integer)');

    const error = await openDatabase(path).then(() => null, (e: unknown) => e);

    expect(isPaperboyError(error) && error.message).toMatch(/migration 007-edition-writes failed/);
    const sqlite = new SQLite(path);
    try {
      expect(sqlite.prepare('select digest from editions where id = 1').get()).toEqual({ digest: JSON.stringify(STORED) });
      expect(sqlite.prepare("select name from sqlite_master where name = 'edition_digests'").get()).toBeUndefined();
      expect(sqlite.prepare('select count(*) as n from edition_papers').get()).toEqual({ n: 3 });
    } finally {
      sqlite.close();
    }
  });
});
