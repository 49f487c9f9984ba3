// A store as an older paperboy left it: migrated up to a given
// migration and no further, for the tests of the migrations after it.
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { connectStore, isPostgresUrl } from '../../src/store/database.js';
import { migrations } from '../../src/store/migrations/index.js';

/**
 * Migrates a new store at `location` (a SQLite path or a PostgreSQL URL) up
 * to `migration`, runs `statements` on it (its rows), and closes it.
 */
export async function oldStore(location: string, migration: string, statements: string): Promise<void> {
  const db = isPostgresUrl(location) ? ((await connectStore(location)) as unknown as Kysely<unknown>) : new Kysely<unknown>({ dialect: new SqliteDialect({ database: new SQLite(location) }) });
  try {
    const { error } = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateTo(migration);
    if (error) throw error;
    if (isPostgresUrl(location)) await sql.raw(statements).execute(db);
  } finally {
    await db.destroy();
  }
  if (isPostgresUrl(location)) return;
  const sqlite = new SQLite(location);
  try {
    sqlite.exec(statements);
  } finally {
    sqlite.close();
  }
}
