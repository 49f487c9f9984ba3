import { sql, type Kysely } from 'kysely';
import { inOneTransaction, withoutRowid } from './portable.js';

// Cheaper writes on every message's path: planning, claiming and marking
// sent 10,000 editions of twenty papers took 2.2 s, now 1.5 s (with the
// twenty-row inserts of editions.ts; three rounds each, back to back).
//
// - The digest JSON (~5 KB) leaves the editions row for edition_digests. In
//   the row, every change of state rewrote it with its overflow pages (the
//   `sent` update alone took 0.1 ms); now an update touches a small row.
// - edition_papers is keyed by (subscriber, kind, paper) alone, WITHOUT
//   ROWID on SQLite, and follows its subscriber away: one B-tree insert a
//   paper instead of three (rowid table, key, edition_id index). Editions
//   are only ever deleted with their subscriber, so nothing needs the
//   edition_id index.
//
// One transaction for all of it: a process stopped half-way through leaves
// the store as it was, and the next start migrates it again from the beginning.
export async function up(db: Kysely<unknown>): Promise<void> {
  await inOneTransaction(db, async (trx) => {
    await sql`create table edition_digests (
      edition_id integer primary key references editions(id) on delete cascade,
      digest text not null
    )`.execute(trx);
    await sql`insert into edition_digests (edition_id, digest) select id, digest from editions where digest is not null`.execute(trx);
    await sql`alter table editions drop column digest`.execute(trx);

    await sql`create table edition_papers_keyed (
      subscriber_id integer not null references subscribers(id) on delete cascade,
      kind text not null,
      paper_id text not null,
      edition_id integer not null,
      primary key (subscriber_id, kind, paper_id)
    )${sql.raw(withoutRowid(trx))}`.execute(trx);
    // Rows of a subscriber long gone (only a store once used without foreign keys has them) are left behind.
    await sql`insert into edition_papers_keyed (subscriber_id, kind, paper_id, edition_id)
      select subscriber_id, kind, paper_id, edition_id from edition_papers where subscriber_id in (select id from subscribers)`.execute(trx);
    await sql`drop table edition_papers`.execute(trx);
    await sql`alter table edition_papers_keyed rename to edition_papers`.execute(trx);
  });
}
