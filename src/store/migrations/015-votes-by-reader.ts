import type { Kysely } from 'kysely';

// Every run asks which readers' votes changed since their model was trained
// (staleReaderModels: each reader's newest vote and count). With the vote
// time in an index by reader, that is read from the index alone instead of
// from every vote's row.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('feedback_reader_time').ifNotExists().on('feedback').columns(['subscriber_id', 'updated_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('feedback_reader_time').ifExists().execute();
}
