// A store file as an older paperboy left it: migrated up to a given
// migration and no further, for the tests of the migrations after it.
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { migrations } from '../../src/store/migrations/index.js';

/** Migrates a new store at `path` up to `migration`, runs `sql` on it (its rows), and closes it. */
export async function oldStore(path: string, migration: string, sql: string): Promise<void> {
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new SQLite(path) }) });
  try {
    const { error } = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateTo(migration);
    if (error) throw error;
  } finally {
    await db.destroy();
  }
  const sqlite = new SQLite(path);
  try {
    sqlite.exec(sql);
  } finally {
    sqlite.close();
  }
}
