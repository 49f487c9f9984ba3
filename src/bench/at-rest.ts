// The store as the commands that wrote it leave it, before a run is timed on
// it: SQLite's write-ahead log folded into the file (as closing a command's
// last connection does; the bench keeps its own open, so a run would
// otherwise pay for copying the set-up's writes at its first commits), and
// PostgreSQL's statistics current, as they are in a store that grew over days.
import { sql } from 'kysely';
import type { Db } from '../store/database.js';
import { engineOf } from '../store/engine.js';

export async function storeAtRest(db: Db, tables: readonly string[]): Promise<void> {
  if (engineOf(db) === 'sqlite') await sql`pragma wal_checkpoint(truncate)`.execute(db);
  else await sql`analyze ${sql.raw(tables.map((table) => `"${table}"`).join(', '))}`.execute(db);
}
