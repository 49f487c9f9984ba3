import { sql, type Kysely } from 'kysely';
import { PaperboyError } from '../errors.js';
import type { Db } from './database.js';
import { engineOf, inTransaction } from './engine.js';
import type { Database } from './schema.js';

// A whole store copied into another, empty one (copy-store): SQLite to
// PostgreSQL, back, or SQLite to SQLite. Rows keep their ids, so editions
// still name their subscribers and links signed for a subscriber still work.

/**
 * Every table with its key, parents before children (the foreign keys
 * hold at every insert). `leases` is left out: a lease says which process
 * on the old store is running, which is true of none on the new one.
 */
export const COPIED_TABLES: readonly { table: keyof Database; key: readonly string[]; serial?: true }[] = [
  { table: 'papers', key: ['id'] },
  { table: 'dumps', key: ['id'], serial: true },
  { table: 'paper_dumps', key: ['paper_id', 'dump_id'] },
  { table: 'subscribers', key: ['id'], serial: true },
  { table: 'topics', key: ['subscriber_id', 'position'] },
  { table: 'editions', key: ['id'], serial: true },
  { table: 'edition_digests', key: ['edition_id'] },
  { table: 'sent_history', key: ['kind', 'last_day', 'subscriber_id', 'edition_id'] },
  { table: 'feedback', key: ['subscriber_id', 'paper_id'] },
  { table: 'vote_tallies', key: ['subscriber_id'] },
  { table: 'reader_models', key: ['subscriber_id'] },
  { table: 'subscription_requests', key: ['subscriber_id'] },
  { table: 'runs', key: ['id'], serial: true },
  { table: 'seed_files', key: ['path'] },
  { table: 'sources', key: ['url'] },
  { table: 'mail_events', key: ['id'], serial: true },
];

// The processes working on the source, not the store's content: in the copy,
// a delivery still `sending` names no live runner and is found interrupted.
const NOT_COPIED = new Set(['leases', 'runners', 'edition_claims']);
// What the store keeps only to save work, made again where it is missing: neither copied nor counted as content.
const CACHES = new Set(['match_indexes']);

/** Rows read from the source at a time. */
const BATCH = 2000;
/** Bound values a statement may carry: SQLite allows 32,766, PostgreSQL 65,535. */
const MAX_VALUES = 30_000;

export interface CopyProgress {
  (table: string, rows: number): void;
}

/**
 * Copies every row of `from` into `to`, which must be empty and at the same
 * schema version. One transaction on the target: on any error nothing
 * stays there. Reads the source in one transaction too, so the copy is of
 * one moment even while the source is in use. Returns the rows copied per
 * table.
 */
export async function copyStore(from: Db, to: Db, onTable: CopyProgress = () => {}): Promise<Record<string, number>> {
  await checkTables(from);
  const counts: Record<string, number> = {};
  const read = engineOf(from) === 'postgres' ? from.transaction().setIsolationLevel('repeatable read') : from.transaction();
  await read.execute(async (source) => {
    await inTransaction(to, async (target) => {
      await refuseNonEmpty(target);
      for (const { table, key } of COPIED_TABLES) {
        counts[table] = await copyTable(source, target, table, key);
        onTable(table, counts[table]);
      }
      if (engineOf(target) === 'postgres') await resetSequences(target);
    });
  });
  return counts;
}

/** The source's tables are exactly those this copy knows: a table added by a later migration must be added above. */
async function checkTables(db: Db): Promise<void> {
  const names = (await db.introspection.getTables()).map((table) => table.name);
  const known = new Set<string>(COPIED_TABLES.map((entry) => entry.table));
  const unknown = names.filter((name) => !known.has(name) && !NOT_COPIED.has(name) && !CACHES.has(name));
  if (unknown.length > 0) throw new Error(`copy-store does not know the table ${unknown.join(', ')}: add it to COPIED_TABLES`);
}

async function refuseNonEmpty(db: Db): Promise<void> {
  const table = await firstTableWithRows(db);
  if (table) throw new PaperboyError('PB_STORE', `the target store is not empty (its ${table} table has rows) — copy-store fills only an empty store: give it a new database or file`);
}

/** True when no table of the store holds a row. */
export async function isEmptyStore(db: Db): Promise<boolean> {
  return (await firstTableWithRows(db)) === null;
}

async function firstTableWithRows(db: Db): Promise<string | null> {
  for (const table of [...COPIED_TABLES.map((entry) => entry.table), ...NOT_COPIED] as (keyof Database)[]) {
    if (await db.selectFrom(table).select(sql`1`.as('one')).limit(1).executeTakeFirst()) return table;
  }
  return null;
}

async function copyTable(source: Db, target: Db, table: keyof Database, key: readonly string[]): Promise<number> {
  const anyFrom = source as unknown as Kysely<any>;
  const anyTo = target as unknown as Kysely<any>;
  let copied = 0;
  let last: Record<string, unknown> | null = null;
  for (;;) {
    // Pages by the key, not OFFSET: each page is a range of the key, however far in.
    let query = anyFrom.selectFrom(table).selectAll();
    if (last) {
      const after = last;
      query = query.where(sql<boolean>`(${sql.join(key.map((column) => sql.ref(column)))}) > (${sql.join(key.map((column) => after[column]))})`);
    }
    for (const column of key) query = query.orderBy(column);
    const rows: Record<string, unknown>[] = await query.limit(BATCH).execute();
    if (rows.length === 0) return copied;
    const perInsert = Math.max(1, Math.floor(MAX_VALUES / Object.keys(rows[0]).length));
    for (let i = 0; i < rows.length; i += perInsert) await anyTo.insertInto(table).values(rows.slice(i, i + perInsert)).execute();
    copied += rows.length;
    last = rows[rows.length - 1];
  }
}

/** PostgreSQL numbers new rows from a sequence, which explicit ids do not move: start each after the highest id copied. */
async function resetSequences(db: Db): Promise<void> {
  for (const { table } of COPIED_TABLES.filter((entry) => entry.serial)) {
    await sql`select setval(pg_get_serial_sequence(${table}, 'id'), (select coalesce(max(id), 0) + 1 from ${sql.table(table)}), false)`.execute(db);
  }
}
