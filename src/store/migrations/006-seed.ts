import type { Kysely } from 'kysely';

// seed_files: the last version of each seed file merged (its sha256), so an
// unchanged file is not parsed and merged again on every command.
// subscribers.seed_hash: the seed entry that last set this subscriber, so
// that editing one entry applies that entry only, and changes made on the
// preferences page survive until the operator edits that person's entry.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('seed_files')
    .addColumn('path', 'text', (c) => c.primaryKey())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('merged_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.alterTable('subscribers').addColumn('seed_hash', 'text').execute();
}
