import { sql, type Kysely } from 'kysely';
import { engineOf } from '../engine.js';

// match_indexes: the match index of the recent papers, kept so that a run
// whose papers have not changed since the last one reads it instead of
// building it again (match/stored-index.ts). Keyed by those papers; a cache,
// which copy-store leaves behind.
export async function up(db: Kysely<unknown>): Promise<void> {
  const bytes = engineOf(db) === 'sqlite' ? 'blob' : 'bytea';
  await sql`create table match_indexes (key text primary key, data ${sql.raw(bytes)} not null, created_at text not null)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists match_indexes`.execute(db);
}
