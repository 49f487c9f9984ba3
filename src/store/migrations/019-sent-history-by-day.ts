import { sql, type Kysely } from 'kysely';
import { engineOf } from '../engine.js';
import { inOneTransaction, withoutRowid } from './portable.js';

// sent_history keyed by day first: (kind, last_day, subscriber_id,
// edition_id). Keyed by subscriber first (014), each run put every reader's
// new row in the middle of that reader's month of rows, and on SQLite,
// where the rows are the key's b-tree, filling those pages split them. A
// run's rows now go after the day's others, in id order.
// A run reads a batch of readers a day at a time (sent-history.ts); the
// index on subscriber_id serves deleting a subscriber.
export async function up(db: Kysely<unknown>): Promise<void> {
  await inOneTransaction(db, async (trx) => {
    await keyBy(trx, ['kind', 'last_day', 'subscriber_id', 'edition_id']);
    await sql`create index sent_history_subscriber on sent_history (subscriber_id)`.execute(trx);
  });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await inOneTransaction(db, async (trx) => {
    await sql`drop index sent_history_subscriber`.execute(trx);
    await keyBy(trx, ['subscriber_id', 'kind', 'last_day', 'edition_id']);
  });
}

/** sent_history with `key` for its primary key, every row kept. */
async function keyBy(db: Kysely<any>, key: readonly string[]): Promise<void> {
  const columns = sql.raw(key.join(', '));
  if (engineOf(db) === 'postgres') {
    await sql`alter table sent_history drop constraint sent_history_pkey, add primary key (${columns})`.execute(db);
    return;
  }
  // SQLite cannot change a table's key: a copy keyed anew (its columns as
  // 014 made them) takes its place, its rows written in the new key's order.
  await sql`create table sent_history_keyed (
    subscriber_id integer not null references subscribers(id) on delete cascade,
    kind text not null,
    last_day integer not null,
    edition_id integer not null,
    first_day integer not null,
    papers text not null,
    days text not null,
    primary key (${columns})
  )${sql.raw(withoutRowid(db))}`.execute(db);
  await sql`insert into sent_history_keyed (subscriber_id, kind, last_day, edition_id, first_day, papers, days)
    select subscriber_id, kind, last_day, edition_id, first_day, papers, days from sent_history order by ${columns}`.execute(db);
  await sql`drop table sent_history`.execute(db);
  await sql`alter table sent_history_keyed rename to sent_history`.execute(db);
}
