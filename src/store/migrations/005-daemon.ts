import type { Kysely } from 'kysely';
import { autoId } from './portable.js';

// leases: one row per lease name, who holds it and until when. A holder
// renews it while running; a holder that died lets it expire.
// runs: the report of each run, for `paperboy status`.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('leases')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('acquired_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('runs')
    .addColumn('id', ...autoId(db))
    .addColumn('finished_at', 'text', (c) => c.notNull())
    .addColumn('report', 'text', (c) => c.notNull())
    .execute();
}
