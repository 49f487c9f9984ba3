import type { Kysely } from 'kysely';

// reader_models: each reader's model learned from their 👍/👎 (learn/,
// stored as JSON), trained when their votes change rather than on every run.
// `trained_at` is compared with the votes' `updated_at`, so a model older
// than the newest vote is known to be stale.
// subscribers.also_for_you: how many papers beyond the topics the reader
// wants suggested (0–10); null means the config's digest.alsoForYou.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('reader_models')
    .addColumn('subscriber_id', 'integer', (c) => c.primaryKey().references('subscribers.id').onDelete('cascade'))
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('votes', 'integer', (c) => c.notNull())
    .addColumn('trained_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.alterTable('subscribers').addColumn('also_for_you', 'integer').execute();
}
