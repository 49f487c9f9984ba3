import { sql, type Kysely } from 'kysely';
import type { Db } from '../database.js';
import { rebuildSentHistory } from '../sent-history.js';
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
    await rebuildSentHistory(trx as Db);
  });
}
