import type { Kysely } from 'kysely';

// links_valid_from: a subscriber's links signed before this instant (Unix
// seconds) no longer work. `subscribers rotate-links` and coming back after
// an unsubscribe set it; null, as every row starts, accepts every link.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('subscribers').addColumn('links_valid_from', 'integer').execute();
}
