import { PostgresAdapter } from 'kysely';
import type { Db } from './database.js';

/**
 * Whether the store runs on PostgreSQL: the one place that asks, for the
 * few statements that use what only PostgreSQL has (SKIP LOCKED).
 */
export function isPostgres(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
