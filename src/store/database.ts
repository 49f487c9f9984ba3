import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { PaperboyError } from '../errors.js';
import { migrations } from './migrations/index.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

const handles = new WeakMap<Db, SQLite.Database>();

/**
 * The better-sqlite3 handle behind a store, for the few statements a run
 * executes once per message (claim, sent, plan): prepared once and run
 * synchronously, they cost a tenth of a Kysely round trip. Null while a
 * transaction is open on the connection: Kysely holds it across awaits, and
 * a statement run now would join that transaction (and roll back with it);
 * callers then take the Kysely path, which waits its turn.
 */
export function directHandle(db: Db): SQLite.Database | null {
  const handle = handles.get(db);
  return handle && handle.open && !handle.inTransaction ? handle : null;
}

/** One prepared statement per store and SQL text. */
export function prepared(handle: SQLite.Database, source: string): SQLite.Statement {
  let statements = cache.get(handle);
  if (!statements) cache.set(handle, (statements = new Map()));
  let statement = statements.get(source);
  if (!statement) statements.set(source, (statement = handle.prepare(source)));
  return statement;
}

const cache = new WeakMap<SQLite.Database, Map<string, SQLite.Statement>>();

/**
 * Opens (creating folders as needed) the SQLite store and brings its schema
 * up to date. `:memory:` gives a private in-memory store, for tests.
 */
export async function openDatabase(path: string): Promise<Db> {
  let sqlite: SQLite.Database;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    sqlite = new SQLite(path);
    sqlite.pragma('journal_mode = WAL');
    // NORMAL is durable across process crashes in WAL mode, which is the
    // failure we guard against; it skips an fsync per transaction.
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
  } catch (error) {
    throw new PaperboyError('PB_STORE', `${path}: cannot open the store (${(error as Error).message}) — check store.url and that the folder is writable`, { cause: error });
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  await migrate(db, path);
  handles.set(db, sqlite);
  return db;
}

async function migrate(db: Db, path: string): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
    throw new PaperboyError('PB_STORE', `${path}: migration ${failed} failed (${(error as Error).message}) — is this file a paperboy store of a newer version?`, { cause: error });
  }
}
