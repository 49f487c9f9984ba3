import { sql, type Kysely } from 'kysely';
import { engineOf } from '../engine.js';
import { inOneTransaction } from './portable.js';

// Every run asks which readers' models are older than their votes
// (staleReaderModels), reading each model's `votes` and `trained_at`. SQLite
// keeps a row's columns in order and a model's JSON runs to many pages, so
// the two columns after it were read by walking the model's overflow pages.
// The model moves to the end of the row. PostgreSQL keeps large values out
// of line already: nothing to do.
export async function up(db: Kysely<unknown>): Promise<void> {
  if (engineOf(db) !== 'sqlite') return;
  await inOneTransaction(db, async (trx) => {
    await sql`create table reader_models_new (
      subscriber_id integer primary key references subscribers(id) on delete cascade,
      votes integer not null,
      trained_at text not null,
      model text not null
    )`.execute(trx);
    await sql`insert into reader_models_new (subscriber_id, votes, trained_at, model) select subscriber_id, votes, trained_at, model from reader_models`.execute(trx);
    await sql`drop table reader_models`.execute(trx);
    await sql`alter table reader_models_new rename to reader_models`.execute(trx);
  });
}

/** The order of a row's columns means nothing to the store's queries: going back leaves it. */
export async function down(): Promise<void> {}
