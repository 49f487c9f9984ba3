import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import { engineOf } from '../engine.js';

// What the migrations need to say differently to SQLite and PostgreSQL.

type ColumnBuild = (column: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;

/**
 * An id the store numbers itself: `integer primary key autoincrement` on
 * SQLite (as every store has had it), `serial primary key` on PostgreSQL.
 * Spread into addColumn: `.addColumn('id', ...autoId(db))`.
 */
export function autoId(db: Kysely<any>): ['integer' | 'serial', ColumnBuild] {
  return engineOf(db) === 'sqlite' ? ['integer', (c) => c.primaryKey().autoIncrement()] : ['serial', (c) => c.primaryKey()];
}

/** The same, as SQL text, for the migrations that create tables with raw SQL. */
export function autoIdSql(db: Kysely<any>): string {
  return engineOf(db) === 'sqlite' ? 'integer primary key autoincrement' : 'serial primary key';
}

/** `without rowid` where the engine has it (SQLite), nothing elsewhere. */
export function withoutRowid(db: Kysely<any>): string {
  return engineOf(db) === 'sqlite' ? ' without rowid' : '';
}

/**
 * Runs a migration's steps in one transaction: its own on SQLite (Kysely
 * migrates SQLite without one), the migrator's on PostgreSQL (which runs
 * each migration in a transaction and allows no nested one).
 */
export async function inOneTransaction(db: Kysely<any>, steps: (trx: Kysely<any>) => Promise<void>): Promise<void> {
  if (db.isTransaction) await steps(db);
  else await db.transaction().execute(steps);
}
