import { sql, type Kysely } from 'kysely';
import { autoId } from './portable.js';

// An edition is one digest for one subscriber for one period; its row is also
// its outbox entry. The unique key (subscriber, kind, period) is what makes
// every send idempotent. edition_papers has one row per paper carried, with a
// key that forbids sending a paper twice to a subscriber in the same kind.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('editions')
    .addColumn('id', ...autoId(db))
    .addColumn('subscriber_id', 'integer', (c) => c.notNull().references('subscribers.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('digest', 'text')
    .addColumn('message_id', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_code', 'integer')
    .addColumn('last_response', 'text')
    .addColumn('last_command', 'text')
    .addColumn('next_attempt_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addUniqueConstraint('editions_key', ['subscriber_id', 'kind', 'period'])
    .execute();
  await sql`create index editions_state on editions (state)`.execute(db);

  await db.schema
    .createTable('edition_papers')
    .addColumn('subscriber_id', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('paper_id', 'text', (c) => c.notNull())
    .addColumn('edition_id', 'integer', (c) => c.notNull().references('editions.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('edition_papers_pk', ['subscriber_id', 'kind', 'paper_id'])
    .execute();
  await sql`create index edition_papers_edition on edition_papers (edition_id)`.execute(db);
}
