import type { Kysely } from 'kysely';
import { autoId } from './portable.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('subscribers')
    .addColumn('id', ...autoId(db))
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text')
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('frequency', 'text', (c) => c.notNull())
    .addColumn('send_hour', 'integer')
    .addColumn('send_weekday', 'integer')
    .addColumn('max_papers', 'integer')
    .addColumn('status', 'text', (c) => c.notNull())
    // Permanent delivery failures since the last accepted message: three make a bounce.
    .addColumn('permanent_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('topics')
    .addColumn('subscriber_id', 'integer', (c) => c.notNull().references('subscribers.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('query', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('topics_pk', ['subscriber_id', 'position'])
    .execute();
}
