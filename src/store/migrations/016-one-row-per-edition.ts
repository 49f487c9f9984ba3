import { sql, type Kysely } from 'kysely';
import { inOneTransaction, withoutRowid } from './portable.js';

// Since 014 every planned edition wrote its papers twice: a row per paper in
// edition_papers (twenty a digest) and one row in sent_history, which is the
// only one a run reads. What each edition carried is also in its stored
// digest. edition_papers goes: a run writes one row per edition, not
// twenty-one, and a store grows by a twentieth of what it did a digest.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists edition_papers`.execute(db);
}

/**
 * edition_papers as 008 made it, filled again from sent_history (the ids and
 * the day of each; a row without days had its papers all first seen on its
 * first day).
 */
export async function down(db: Kysely<unknown>): Promise<void> {
  await inOneTransaction(db, async (trx) => {
    await sql`create table edition_papers (
      subscriber_id integer not null references subscribers(id) on delete cascade,
      kind text not null,
      seen_day integer not null,
      paper_id text not null,
      edition_id integer not null,
      primary key (subscriber_id, kind, seen_day, paper_id)
    )${sql.raw(withoutRowid(trx))}`.execute(trx);
    const { rows } = await sql<{ subscriber_id: number; kind: string; edition_id: number; first_day: number; papers: string; days: string }>`select subscriber_id, kind, edition_id, first_day, papers, days from sent_history`.execute(trx);
    for (const row of rows) {
      const days = row.days === '' ? null : row.days.split(',');
      for (const [i, paper] of row.papers.split('\n').entries()) {
        await sql`insert into edition_papers (subscriber_id, kind, seen_day, paper_id, edition_id) values (${row.subscriber_id}, ${row.kind}, ${days ? Number(days[i]) : row.first_day}, ${paper}, ${row.edition_id}) on conflict do nothing`.execute(trx);
      }
    }
  });
}
