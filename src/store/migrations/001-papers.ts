import { sql, type Kysely } from 'kysely';
import { autoId } from './portable.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('papers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('abstract', 'text', (c) => c.notNull())
    .addColumn('authors_count', 'integer')
    .addColumn('published_at', 'text')
    .addColumn('upvotes', 'integer')
    .addColumn('url', 'text')
    .addColumn('arxiv_id', 'text')
    .addColumn('first_seen_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('papers_first_seen').on('papers').column('first_seen_at').execute();

  await db.schema
    .createTable('dumps')
    .addColumn('id', ...autoId(db))
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull().unique())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('ingested_at', 'text', (c) => c.notNull())
    .addColumn('papers', 'integer', (c) => c.notNull())
    .addColumn('new_papers', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('paper_dumps')
    .addColumn('paper_id', 'text', (c) => c.notNull().references('papers.id'))
    .addColumn('dump_id', 'integer', (c) => c.notNull().references('dumps.id'))
    .addColumn('line', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('paper_dumps_pk', ['paper_id', 'dump_id'])
    .execute();
  await sql`create index paper_dumps_dump on paper_dumps (dump_id)`.execute(db);
}
