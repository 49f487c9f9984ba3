import type { Kysely } from 'kysely';

// Several processes share one store (issue 19):
// - runners: one row per live process that builds or sends, with a heartbeat
//   (expires_at) it renews; a row that expired, or whose pid is gone on its
//   host, names a dead process whose work others take over;
// - editions.claimed_by: which runner moved a delivery to `sending`, so that
//   recovery marks `unknown` only the deliveries of dead runners;
// - edition_claims: which runner builds the edition of (subscriber, kind,
//   period) in the current pass, so that runs sharing a pass build each
//   digest once; released when the runner finishes or is found dead.
//
// Schema builder only: the same statements run on SQLite and PostgreSQL.
// The tables come first and may exist already, so a run stopped before the
// column was added can be repeated.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('runners')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('pid', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('edition_claims')
    .ifNotExists()
    .addColumn('subscriber_id', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('runner_id', 'text', (c) => c.notNull())
    .addColumn('claimed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('edition_claims_pk', ['subscriber_id', 'kind', 'period'])
    .execute();
  await db.schema.createIndex('edition_claims_runner').ifNotExists().on('edition_claims').column('runner_id').execute();
  await db.schema.alterTable('editions').addColumn('claimed_by', 'text').execute();
}
