import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import { PaperboyError } from '../errors.js';
import { migrations } from './migrations/index.js';
import type { Database } from './schema.js';
import { engineOf, SqliteStatements, StoreSqliteAdapter } from './engine.js';
import { describeStore, isPostgresUrl } from '../store-location.js';

export { engineOf, onSqlite, type Engine } from './engine.js';

export type Db = Kysely<Database>;

/** Kysely's SQLite dialect, whose adapter carries the store's prepared statements (see onSqlite). */
class StoreSqliteDialect extends SqliteDialect {
  readonly #statements: SqliteStatements;
  constructor(handle: SQLite.Database) {
    super({ database: handle });
    this.#statements = new SqliteStatements(handle);
  }
  override createAdapter(): StoreSqliteAdapter {
    return new StoreSqliteAdapter(this.#statements);
  }
}

export { describeStore, isPostgresUrl } from '../store-location.js';

/**
 * Opens the store at `location` (a SQLite path, `sqlite:PATH`, `:memory:`
 * for a private in-memory store, or `postgres://user:pass@host:port/db`)
 * and makes sure its schema is current. A SQLite store is migrated on open,
 * as it always was: one file, one host. A PostgreSQL store is shared by
 * hosts, so opening it never migrates: pending migrations are an error that
 * says to run `paperboy migrate` (migrateStore), once, from one host.
 */
export async function openDatabase(location: string): Promise<Db> {
  const db = await connectStore(location);
  try {
    if (engineOf(db) === 'sqlite') {
      await migrateSqliteBesideOthers(db, location);
    } else {
      const pending = await pendingMigrations(db, location);
      if (pending.length > 0) {
        throw new PaperboyError(
          'PB_STORE',
          `${describeStore(location)}: the store's schema is not current (${pending.length} migration${pending.length === 1 ? '' : 's'} pending: ${pending.join(', ')}) — run "paperboy migrate" once, from one host`,
        );
      }
    }
    return db;
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

/**
 * Several processes started together on a new SQLite file each migrate it,
 * and SQLite gives Kysely no lock to take for that: a migration one of them
 * runs while another has just run it fails on what the other created (each
 * migration is one transaction, so it leaves nothing behind). The loser
 * tries again and finds the migration recorded.
 */
async function migrateSqliteBesideOthers(db: Db, location: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await migrateStore(db, location);
      return;
    } catch (error) {
      if (!lostMigrationRace(error) || attempt === MIGRATION_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    }
  }
}

const MIGRATION_ATTEMPTS = 20;

/**
 * Whether a failed migration failed because another process ran it first:
 * on what that one created, on its lock, or (a migration that creates
 * nothing that could clash) on recording the same migration twice.
 */
export function lostMigrationRace(error: unknown): boolean {
  const cause = (error as Error | undefined)?.cause as Error | undefined;
  return cause !== undefined && /already exists|duplicate column|database is locked|UNIQUE constraint failed: kysely_migration\.name/i.test(cause.message);
}

/** Connects to the store at `location` without looking at its schema (migrate and copy-store start here). */
export async function connectStore(location: string): Promise<Db> {
  return isPostgresUrl(location) ? connectPostgres(location) : openSqlite(location.replace(/^sqlite:/, ''));
}

function openSqlite(path: string): Db {
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
    // A run rewrites the same pages (an edition's row as it is planned,
    // claimed and sent) many times over: copying the WAL into the file every
    // 40 MB instead of SQLite's 4 MB copies each such page once, not ten
    // times, on the thread that commits.
    sqlite.pragma('wal_autocheckpoint = 10000');
  } catch (error) {
    throw new PaperboyError('PB_STORE', `${path}: cannot open the store (${(error as Error).message}) — check store.url and that the folder is writable`, { cause: error });
  }
  return new Kysely<Database>({ dialect: new StoreSqliteDialect(sqlite) });
}

async function connectPostgres(location: string): Promise<Db> {
  const where = describeStore(location);
  try {
    new URL(location);
  } catch {
    throw new PaperboyError('PB_STORE', `store.url: ${where} — write it like postgres://user:password@host:5432/database (PAPERBOY_DATABASE_URL keeps the password out of the file)`);
  }
  // Loaded only for a PostgreSQL store, so SQLite commands do not pay for it.
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({
    connectionString: location,
    connectionTimeoutMillis: 10_000,
    // count(*) and bigint columns as numbers, as SQLite gives them.
    types: { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === 20 ? Number : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser },
  });
  // A connection the server drops (a restart, an administrator) is replaced
  // at the next query, which then reports any lasting failure. The pool
  // hears of idle ones; one held across a transaction's awaits tells only
  // itself, and an 'error' event nobody listens to ends the process.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => {});
    throw new PaperboyError('PB_STORE', `${where}: cannot connect to PostgreSQL (${connectionFailure(error, location)})`, { cause: redacted(error, location) });
  }
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/** What went wrong connecting, and what to check, never with the password. */
function connectionFailure(error: unknown, location: string): string {
  const { code, message } = error as { code?: string; message?: string };
  const url = new URL(location);
  const user = decodeURIComponent(url.username) || 'the default user';
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused — check that the server is running and listens on that host and port';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'no such host — check the host name in store.url or PAPERBOY_DATABASE_URL';
    case 'ETIMEDOUT':
      return 'timed out — check the host, the port and any firewall between';
    case '28P01':
      return `password authentication failed for ${user} — check the password in PAPERBOY_DATABASE_URL or store.url`;
    case '28000':
      return `the server refuses ${user} (${scrub(message ?? '', location)}) — check pg_hba.conf and the user name`;
    case '3D000':
      return `the database does not exist — create it (createdb) or check its name`;
    default:
      return `${scrub(message ?? String(error), location)} — check store.url or PAPERBOY_DATABASE_URL`;
  }
}

/** A text with the URL's password taken out, however it appeared. */
function scrub(text: string, location: string): string {
  const password = passwordOf(location);
  return password ? text.split(password).join('***') : text;
}

function passwordOf(location: string): string {
  try {
    return decodeURIComponent(new URL(location).password);
  } catch {
    return '';
  }
}

/** The driver's error as a cause that can be logged: its message scrubbed, no connection settings attached. */
function redacted(error: unknown, location: string): Error {
  const copy = new Error(scrub((error as Error)?.message ?? String(error), location));
  const code = (error as { code?: string })?.code;
  if (code) Object.assign(copy, { code });
  return copy;
}

function migratorOf(db: Db): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => migrations } });
}

/** The names of the migrations this program knows that the store has not had yet. */
export async function pendingMigrations(db: Db, location: string): Promise<string[]> {
  const known = await migratorOf(db).getMigrations();
  const applied = await appliedMigrations(db);
  const newer = applied.filter((name) => !(name in migrations));
  if (newer.length > 0) {
    throw new PaperboyError('PB_STORE', `${describeStore(location)}: the store has migration ${newer[0]} that this paperboy does not know — is it a store of a newer version?`);
  }
  return known.filter((migration) => migration.executedAt === undefined).map((migration) => migration.name);
}

async function appliedMigrations(db: Db): Promise<string[]> {
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
  if (!tables.some((table) => table.name === 'kysely_migration')) return [];
  const rows = await (db as unknown as Kysely<{ kysely_migration: { name: string } }>).selectFrom('kysely_migration').select('name').execute();
  return rows.map((row) => row.name);
}

/**
 * Applies the pending migrations and returns their names. On PostgreSQL,
 * Kysely's migrator holds an advisory lock while it runs, so two hosts
 * migrating at once take turns and the second finds nothing to do.
 */
export async function migrateStore(db: Db, location: string): Promise<string[]> {
  const { error, results } = await migratorOf(db).migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
    throw new PaperboyError('PB_STORE', `${describeStore(location)}: migration ${failed} failed (${(error as Error).message}) — is this a paperboy store of a newer version?`, { cause: error });
  }
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName);
}
