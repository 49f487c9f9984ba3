import { sql, type Kysely } from 'kysely';
import { autoIdSql, inOneTransaction } from './portable.js';

// What the bounce mailbox teaches us, kept where the commands can show it:
// - subscribers say why they stopped getting mail (a complaint, a mail to the
//   unsubscribe address, repeated bounces) and when;
// - editions keep the enhanced status of a DSN that failed them (5.1.1);
// - mail_events holds one row per handled mail, keyed by the mail itself, so
//   a mail moved late (a crash between the commit and the IMAP move) is never
//   applied twice;
// - an index on editions.message_id, which is how a VERP address names its edition.
//
// One transaction: stopped half-way, the store stays as it was.
export async function up(db: Kysely<unknown>): Promise<void> {
  await inOneTransaction(db, async (trx) => {
    await sql`alter table subscribers add column suppressed_reason text`.execute(trx);
    await sql`alter table subscribers add column suppressed_detail text`.execute(trx);
    await sql`alter table subscribers add column suppressed_at text`.execute(trx);
    await sql`alter table editions add column dsn_status text`.execute(trx);
    await sql`create index editions_message_id on editions (message_id)`.execute(trx);
    await sql`create table mail_events (
      id ${sql.raw(autoIdSql(trx))},
      mail_key text not null unique,
      kind text not null,
      edition_id integer references editions(id) on delete set null,
      subscriber_id integer references subscribers(id) on delete set null,
      status text,
      detail text,
      received_at text,
      handled_at text not null
    )`.execute(trx);
  });
}
