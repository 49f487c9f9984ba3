// A month (or any number of days) of sent daily digests, as daily runs would
// have left the store, so that the bench can time a run on a store with a
// history beside one on a fresh store. Bulk SQL, one statement per table and
// day, each day in its own transaction: 10,000 subscribers × 30 days is
// 300,000 editions and 6,000,000 rows of papers sent.
import { sql } from 'kysely';
import type { Db } from '../store/database.js';
import { engineOf, inTransaction } from '../store/engine.js';
import { rebuildSentHistory, sentDay } from '../store/index.js';

export interface HistoryOptions {
  days: number;
  /** Papers in each past digest (the config's digest.maxPapers). */
  papersPerEdition: number;
  /** The slot of the daily edition the runs will send: the history ends the day before. */
  slot: Date;
}

/**
 * The papers the past digests carried: each day's, first seen an hour
 * before that day's slot, so that those of the last 30 days are among a
 * run's candidates and their rows are read. Stored before any run, so that
 * the runs on a fresh store and on the history match the same papers. No
 * bench topic matches their words: both runs build the same digests.
 */
export async function insertHistoryPapers(db: Db, options: HistoryOptions): Promise<void> {
  for (let day = options.days; day >= 1; day--) {
    const { period, seenAt } = historyDay(options, day);
    await db
      .insertInto('papers')
      .values(
        Array.from({ length: options.papersPerEdition }, (_, k) => ({
          id: `hist-${period}-${k}`,
          title: `Qzxv entry ${k} of ${period}`,
          abstract: 'Wvkq plorb zentifax; a placeholder no topic asks for.',
          first_seen_at: seenAt,
          updated_at: seenAt,
        })),
      )
      .execute();
  }
}

/**
 * Fills the store with `days` days of `sent` daily editions, one per active
 * subscriber and day, each carrying that day's history papers (see
 * insertHistoryPapers). Returns the editions written.
 */
export async function fillSentHistory(db: Db, options: HistoryOptions): Promise<number> {
  let editions = 0;
  for (let day = options.days; day >= 1; day--) {
    const { period, seenAt, slotAt } = historyDay(options, day);
    await inTransaction(db, async (trx) => {
      const result = await sql`insert into editions (subscriber_id, kind, period, state, message_id, attempts, created_at, updated_at, sent_at)
        select id, 'daily', ${period}, 'sent', ${`<history-${period}-`} || cast(id as text) || '@bench.example.org>', 1, ${slotAt}, ${slotAt}, ${slotAt}
        from subscribers where status = 'active'`.execute(trx);
      editions += Number(result.numAffectedRows ?? 0);
      await sql`insert into edition_papers (subscriber_id, kind, seen_day, paper_id, edition_id)
        select e.subscriber_id, 'daily', cast(${sentDay(seenAt)} as integer), p.id, e.id
        from editions e cross join papers p
        where e.kind = 'daily' and e.period = ${period} and p.first_seen_at = ${seenAt}`.execute(trx);
    });
  }
  await inTransaction(db, (trx) => rebuildSentHistory(trx));
  // As a store that grew over the days would be: its write-ahead log folded
  // into the file (SQLite), its tables' statistics current (PostgreSQL).
  if (engineOf(db) === 'sqlite') await sql`pragma wal_checkpoint(truncate)`.execute(db);
  else await sql`analyze editions, edition_papers, sent_history`.execute(db);
  return editions;
}

function historyDay(options: HistoryOptions, day: number): { period: string; seenAt: string; slotAt: string } {
  const slot = new Date(options.slot.getTime() - day * 86_400_000);
  return { period: slot.toISOString().slice(0, 10), seenAt: new Date(slot.getTime() - 3_600_000).toISOString(), slotAt: slot.toISOString() };
}
