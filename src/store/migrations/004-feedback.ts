import { sql, type Kysely } from 'kysely';

// The web's own tables.
//
// feedback: one 👍/👎 per subscriber and paper (the latest vote wins), kept
// for ranking later.
//
// subscription_requests: what someone asked for on the subscribe form about
// an address the store already knows. Nothing about that subscriber changes
// until the confirmation link of this very request is followed, so a stranger
// who types a subscriber's address can neither downgrade nor re-topic them.
// One row per subscriber: a newer request replaces the older one, whose link
// then stops working. `issued_at` is the instant the link was signed at (whole
// seconds), which is how a confirmation link finds its request.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('feedback')
    .addColumn('subscriber_id', 'integer', (c) => c.notNull().references('subscribers.id').onDelete('cascade'))
    .addColumn('paper_id', 'text', (c) => c.notNull().references('papers.id'))
    .addColumn('vote', 'text', (c) => c.notNull().check(sql`vote in ('up', 'down')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('feedback_pk', ['subscriber_id', 'paper_id'])
    .execute();
  await sql`create index feedback_paper on feedback (paper_id)`.execute(db);

  await db.schema
    .createTable('subscription_requests')
    .addColumn('subscriber_id', 'integer', (c) => c.primaryKey().references('subscribers.id').onDelete('cascade'))
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('frequency', 'text', (c) => c.notNull())
    .addColumn('topics', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}
