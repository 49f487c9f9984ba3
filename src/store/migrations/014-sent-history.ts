import { sql, type Kysely } from 'kysely';
import { engineOf } from '../engine.js';
import { inOneTransaction, withoutRowid } from './portable.js';

// A run reads which papers each due reader has had since the candidates'
// window began. From edition_papers that is one row per paper, some 600 a
// reader for a month of daily digests; sent_history holds one row per
// edition with its papers and the day each was first seen, keyed by the
// newest day, so the same question reads one row per digest in the window
// (sent-history.ts). Filled here from edition_papers, in one transaction.
export async function up(db: Kysely<unknown>): Promise<void> {
  await inOneTransaction(db, async (trx) => {
    await sql`create table sent_history (
      subscriber_id integer not null references subscribers(id) on delete cascade,
      kind text not null,
      last_day integer not null,
      edition_id integer not null,
      first_day integer not null,
      papers text not null,
      days text not null,
      primary key (subscriber_id, kind, last_day, edition_id)
    )${sql.raw(withoutRowid(trx))}`.execute(trx);
    await fillFromEditionPapers(trx);
  });
}

/** Every edition's row, from edition_papers (which 016 drops), in the migration's transaction. */
async function fillFromEditionPapers(db: Kysely<unknown>): Promise<void> {
  // Both lists in the same order: by paper, within the edition.
  const [papers, days] =
    engineOf(db) === 'sqlite'
      ? [sql`group_concat(paper_id, char(10))`, sql`group_concat(seen_day, ',')`]
      : [sql`string_agg(paper_id, chr(10) order by paper_id)`, sql`string_agg(cast(seen_day as text), ',' order by paper_id)`];
  const ordered = engineOf(db) === 'sqlite' ? sql`(select * from edition_papers order by subscriber_id, kind, edition_id, paper_id)` : sql`edition_papers`;
  await sql`insert into sent_history (subscriber_id, kind, last_day, edition_id, first_day, papers, days)
    select subscriber_id, kind, max(seen_day), edition_id, min(seen_day), ${papers}, ${days}
    from ${ordered} as ep group by subscriber_id, kind, edition_id`.execute(db);
}
