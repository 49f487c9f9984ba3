import { sql, type Kysely } from 'kysely';
import { inOneTransaction } from './portable.js';

// vote_tallies: each voter's number of votes and newest vote time, kept in
// step with `feedback` by the store functions that change votes. A run asks
// which readers' models are older than their votes (staleReaderModels); it
// reads one row per voter here instead of every vote ever cast.
export async function up(db: Kysely<unknown>): Promise<void> {
  await inOneTransaction(db, async (trx) => {
    await sql`create table vote_tallies (
      subscriber_id integer primary key references subscribers(id) on delete cascade,
      votes integer not null,
      voted_at text not null
    )`.execute(trx);
    await sql`insert into vote_tallies (subscriber_id, votes, voted_at)
      select subscriber_id, count(*), max(updated_at) from feedback group by subscriber_id`.execute(trx);
  });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists vote_tallies`.execute(db);
}
