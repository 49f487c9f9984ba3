import { sql, type Kysely } from 'kysely';
import { engineOf } from '../engine.js';
import { inOneTransaction, withoutRowid } from './portable.js';

// What a run reads of the papers already sent grows with every digest
// (twenty rows a subscriber a day), but a run only asks about the papers it
// may send, those first seen within CANDIDATE_DAYS. edition_papers is keyed
// by the day its paper was first seen, before the paper: reading "which of
// the window's papers has this subscriber had" is then a range of the key,
// the same thirty days' rows whether the store is a month old or ten years.
// A paper keeps the day it was first seen, so the key still holds one row a
// subscriber, kind and paper.
//
// One transaction, as in 007: stopped half-way, the store stays as it was.
export async function up(db: Kysely<unknown>): Promise<void> {
  await inOneTransaction(db, async (trx) => {
    await sql`create table edition_papers_by_day (
      subscriber_id integer not null references subscribers(id) on delete cascade,
      kind text not null,
      seen_day integer not null,
      paper_id text not null,
      edition_id integer not null,
      primary key (subscriber_id, kind, seen_day, paper_id)
    )${sql.raw(withoutRowid(trx))}`.execute(trx);
    // Days since 1970-01-01 (UTC), as sentDay() counts them; a paper no longer stored gets day 0, before any window.
    const day =
      engineOf(trx) === 'sqlite'
        ? sql`cast(strftime('%s', p.first_seen_at) as integer) / 86400`
        : sql`floor(extract(epoch from cast(p.first_seen_at as timestamptz)) / 86400)::integer`;
    await sql`insert into edition_papers_by_day (subscriber_id, kind, seen_day, paper_id, edition_id)
      select ep.subscriber_id, ep.kind, coalesce(${day}, 0), ep.paper_id, ep.edition_id
      from edition_papers ep left join papers p on p.id = ep.paper_id`.execute(trx);
    await sql`drop table edition_papers`.execute(trx);
    await sql`alter table edition_papers_by_day rename to edition_papers`.execute(trx);
  });
}
