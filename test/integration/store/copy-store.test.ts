// paperboy copy-store: a SQLite store that has sent a day of digests,
// copied into PostgreSQL, keeps its subscribers and sends none of those
// papers again the next day; and back into SQLite, the same rows. A target
// that is not empty is refused; a copy that fails leaves the target empty.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COPIED_TABLES } from '../../../src/store/copy.js';
import { connectStore, describeStore, migrateStore, openDatabase, type Db } from '../../../src/store/database.js';
import { listEditions, listSubscribers, loadDigest } from '../../../src/store/index.js';
import { TEST_SECRET } from '../../helpers/app.js';
import { cli } from '../../helpers/cli.js';
import { dropPostgresDatabases, freshPostgresDatabase, postgresUrl } from '../../helpers/postgres.js';
import { copyDumps, sampleDumpFiles, tempDir } from '../../helpers/temp.js';

const DAY_1 = '2026-11-30T09:00:00Z';
const DAY_2 = '2026-12-01T09:00:00Z';
const env = { PAPERBOY_SECRET: TEST_SECRET };
let dir: string;
let sqlitePath: string;

/** Rows per table, as copy-store counts them. */
async function rowCounts(db: Db): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const { table } of COPIED_TABLES) counts[table] = Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return counts;
}

async function withStore<T>(location: string, work: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDatabase(location);
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}

/** Each edition's paper ids, by subscriber email and period. */
async function papersSent(db: Db): Promise<Map<string, string[]>> {
  const sent = new Map<string, string[]>();
  for (const edition of await listEditions(db, { state: 'sent' })) {
    const loaded = await loadDigest(db, edition.id);
    sent.set(`${edition.email} ${edition.period}`, loaded!.digest.sections.flatMap((section) => section.matches.map((match) => match.paper.id)));
  }
  return sent;
}

beforeAll(async () => {
  dir = tempDir('pb-copy-');
  mkdirSync(join(dir, 'dumps'));
  copyDumps(sampleDumpFiles(), join(dir, 'dumps'));
  writeFileSync(
    join(dir, 'subscribers.yaml'),
    stringify([
      { email: 'ada@example.org', name: 'Ada', timezone: 'Europe/London', frequency: 'daily', topics: ['Diffusion: diffusion', 'LLMs: "language model" OR LLM'] },
      { email: 'grace@example.org', timezone: 'UTC', frequency: 'daily', topics: ['Agents: agent OR agents'] },
    ]),
  );
  writeFileSync(join(dir, 'paperboy.yaml'), stringify({ dumps: { dir: './dumps' }, subscribers: './subscribers.yaml', digest: { maxPapers: 5 } }));
  sqlitePath = join(dir, 'data/paperboy.db');
  expect((await cli(['ingest'], { cwd: dir, env })).code).toBe(0);
  const run = await cli(['run', '--at', DAY_1, '--json'], { cwd: dir, env });
  expect(JSON.parse(run.stdout)).toMatchObject({ sent: 2 });
});

describe('paperboy copy-store', () => {
  afterAll(dropPostgresDatabases);

  it('copies into SQLite and refuses to copy into a store that is not empty', async () => {
    const target = join(tempDir('pb-copy-to-'), 'copy.db');
    const copied = await cli(['copy-store', '--to', `sqlite:${target}`], { cwd: dir, env });
    expect(copied.code).toBe(0);
    const counts = await withStore(sqlitePath, rowCounts);
    expect(await withStore(target, rowCounts)).toEqual(counts);
    expect(copied.stdout).toMatch(new RegExp(`^  editions\\s+${counts.editions}$`, 'm'));
    expect(copied.stdout).toMatch(new RegExp(`^  total\\s+${Object.values(counts).reduce((a, b) => a + b, 0).toLocaleString('en-US')} rows$`, 'm'));

    const again = await cli(['copy-store', '--to', target], { cwd: dir, env });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('the target store is not empty (its papers table has rows) — copy-store fills only an empty store');
    expect(await withStore(target, rowCounts)).toEqual(counts);
  });

  describe.skipIf(!postgresUrl())('to and from PostgreSQL', () => {
    it('moves a store that sent a day of digests: the next day sends none of those papers again, and it copies back the same', async () => {
      const location = await freshPostgresDatabase();
      const copied = await cli(['copy-store', '--from', sqlitePath, '--to', location], { cwd: dir, env });
      expect(copied.code).toBe(0);
      expect(copied.stdout).toContain(`→ ${describeStore(location)}:`);
      expect(copied.stdout + copied.stderr).not.toContain(new URL(location).password);

      const counts = await withStore(sqlitePath, rowCounts);
      expect(counts.editions).toBe(2);
      expect(counts.sent_history).toBe(counts.editions);
      expect(await withStore(location, rowCounts)).toEqual(counts);
      const subscribers = await withStore(sqlitePath, (db) => listSubscribers(db));
      expect(await withStore(location, (db) => listSubscribers(db))).toEqual(subscribers);
      const day1 = await withStore(location, papersSent);
      expect(await withStore(sqlitePath, papersSent)).toEqual(day1);

      // The next day, on PostgreSQL: new ids continue after the copied ones, and no paper is sent twice.
      const pgEnv = { ...env, PAPERBOY_DATABASE_URL: location };
      const run = await cli(['run', '--at', DAY_2, '--json'], { cwd: dir, env: pgEnv });
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ due: 2, retry: 0, failed: 0, unknown: 0 });
      const both = await withStore(location, papersSent);
      for (const email of ['ada@example.org', 'grace@example.org']) {
        const first = both.get(`${email} 2026-11-30`)!;
        const second = both.get(`${email} 2026-12-01`) ?? [];
        expect(first.length).toBeGreaterThan(0);
        expect(second.filter((id) => first.includes(id))).toEqual([]);
      }
      expect([...both.keys()].some((key) => key.endsWith('2026-12-01'))).toBe(true);
      const ids = await withStore(location, async (db) => (await listEditions(db)).map((edition) => edition.id));
      expect(new Set(ids).size).toBe(ids.length);
      expect(Math.min(...ids.slice(2))).toBeGreaterThan(Math.max(...ids.slice(0, 2)));

      // And back into SQLite: the same rows.
      const back = join(tempDir('pb-copy-back-'), 'back.db');
      expect((await cli(['copy-store', '--from', location, '--to', back], { cwd: dir, env })).code).toBe(0);
      expect(await withStore(back, rowCounts)).toEqual(await withStore(location, rowCounts));
      expect(await withStore(back, papersSent)).toEqual(both);
    });

    it('leaves nothing in the target when the copy fails part-way', async () => {
      const location = await freshPostgresDatabase();
      const db = await connectStore(location);
      try {
        await migrateStore(db, location);
        // A rule the target holds and the source breaks: the copy fails at editions, after papers and subscribers went in.
        await sql`alter table editions add constraint no_sent_yet check (state <> 'sent')`.execute(db);
      } finally {
        await db.destroy();
      }
      const failed = await cli(['copy-store', '--from', sqlitePath, '--to', location], { cwd: dir, env });
      expect(failed.code).toBe(1);
      expect(failed.stderr).toContain('no_sent_yet');
      expect(Object.values(await withStore(location, rowCounts)).every((n) => n === 0)).toBe(true);
    });
  });
});
