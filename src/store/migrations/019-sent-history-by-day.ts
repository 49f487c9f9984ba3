import { sql, type Kysely } from 'kysely';
import { engineOf } from '../engine.js';
import { inOneTransaction, withoutRowid } from './portable.js';

// sent_history keyed by day first: (kind, last_day, subscriber_id,
// edition_id). Keyed by subscriber first (014), each run put every reader's
// new row in the middle of that reader's month of rows, and on SQLite,
// where the rows are the key's b-tree, filling those pages split them: a
// run on a store with a month of history wrote twice the pages of a run on
// a fresh one. A run's rows now go after the day's others, in id order.
// A run reads a batch of readers a day at a time (sent-history.ts); the
// index on subscriber_id serves deleting a subscriber.
export async function up(db: Kysely<unknown>): Promise<void> {
  await inOneTransaction(db, async (trx) => {
    if (engineOf(trx) === 'sqlite') {
      await createTable(trx, 'sent_history_by_day', ['kind', 'last_day', 'subscriber_id', 'edition_id']);
      await sql`insert into sent_history_by_day (subscriber_id, kind, last_day, edition_id, first_day, papers, days)
        select subscriber_id, kind, last_day, edition_id, first_day, papers, days from sent_history order by kind, last_day, subscriber_id, edition_id`.execute(trx);
      await sql`drop table sent_history`.execute(trx);
      await sql`alter table sent_history_by_day rename to sent_history`.execute(trx);
    } else {
      await sql`alter table sent_history drop constraint sent_history_pkey, add primary key (kind, last_day, subscriber_id, edition_id)`.execute(trx);
    }
    await sql`create index sent_history_subscriber on sent_history (subscriber_id)`.execute(trx);
  });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await inOneTransaction(db, async (trx) => {
    await sql`drop index sent_history_subscriber`.execute(trx);
    if (engineOf(trx) === 'sqlite') {
      await createTable(trx, 'sent_history_by_reader', ['subscriber_id', 'kind', 'last_day', 'edition_id']);
      await sql`insert into sent_history_by_reader (subscriber_id, kind, last_day, edition_id, first_day, papers, days)
        select subscriber_id, kind, last_day, edition_id, first_day, papers, days from sent_history order by subscriber_id, kind, last_day, edition_id`.execute(trx);
      await sql`drop table sent_history`.execute(trx);
      await sql`alter table sent_history_by_reader rename to sent_history`.execute(trx);
    } else {
      await sql`alter table sent_history drop constraint sent_history_pkey, add primary key (subscriber_id, kind, last_day, edition_id)`.execute(trx);
    }
  });
}

/** sent_history's columns, as 014 made them, under `name` and keyed by `key`. */
async function createTable(db: Kysely<any>, name: string, key: readonly string[]): Promise<void> {
  await sql`create table ${sql.raw(name)} (
    subscriber_id integer not null references subscribers(id) on delete cascade,
    kind text not null,
    last_day integer not null,
    edition_id integer not null,
    first_day integer not null,
    papers text not null,
    days text not null,
    primary key (${sql.raw(key.join(', '))})
  )${sql.raw(withoutRowid(db))}`.execute(db);
}
