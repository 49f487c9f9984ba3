// A month (or any number of days) of sent daily digests, as daily runs would
// have left the store, so that the bench can time a run on a store with a
// history beside one on a fresh store. Bulk SQL, a statement per day for the
// editions and per thousand subscribers for their sent_history rows, each in
// its own transaction: 10,000 subscribers × 30 days is 300,000 editions, with
// a row of papers each.
import { sql } from 'kysely';
import type { Db } from '../store/database.js';
import { inTransaction } from '../store/engine.js';
import { sentDay, sentHistoryRow, type SentPaper } from '../store/index.js';
import { storeAtRest } from './at-rest.js';

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
 * insertHistoryPapers), with their rows in sent_history, a batch of
 * subscribers at a time, in the order of their key. Returns the editions written.
 */
export async function fillSentHistory(db: Db, options: HistoryOptions): Promise<number> {
  const days = Array.from({ length: options.days }, (_, i) => historyDay(options, options.days - i));
  let editions = 0;
  for (const { period, slotAt } of days) {
    const result = await sql`insert into editions (subscriber_id, kind, period, state, message_id, attempts, created_at, updated_at, sent_at)
      select id, 'daily', ${period}, 'sent', ${`<history-${period}-`} || cast(id as text) || '@bench.example.org>', 1, ${slotAt}, ${slotAt}, ${slotAt}
      from subscribers where status = 'active'`.execute(db);
    editions += Number(result.numAffectedRows ?? 0);
  }
  // Each day's papers, as sent_history files them: the same for every subscriber.
  const rows = await Promise.all(
    days.map(async ({ period, seenAt }) => {
      const ids = (await db.selectFrom('papers').select('id').where('first_seen_at', '=', seenAt).orderBy('id').execute()).map((row) => row.id);
      const row = sentHistoryRow(ids.map((id): SentPaper => [sentDay(seenAt), id]));
      return sql`(${period}, ${seenAt}, cast(${sentDay(seenAt)} as integer), ${row.papers}, ${row.days})`;
    }),
  );
  const daysTable = sql`days (period, seen_at, seen_day, papers, days) as (values ${sql.join(rows)})`;
  const subscribers = (await db.selectFrom('editions').select('subscriber_id').distinct().orderBy('subscriber_id').execute()).map((row) => row.subscriber_id);
  for (let i = 0; i < subscribers.length; i += SUBSCRIBERS_PER_BATCH) {
    const [first, last] = [subscribers[i], subscribers[Math.min(i + SUBSCRIBERS_PER_BATCH, subscribers.length) - 1]];
    await inTransaction(db, async (trx) => {
      await sql`with ${daysTable}
        insert into sent_history (subscriber_id, kind, last_day, edition_id, first_day, papers, days)
        select e.subscriber_id, 'daily', d.seen_day, e.id, d.seen_day, d.papers, d.days
        from editions e join days d on d.period = e.period
        where e.kind = 'daily' and e.subscriber_id between ${first} and ${last}
        order by d.seen_day, e.subscriber_id, e.id`.execute(trx);
    });
  }
  await storeAtRest(db, ['editions', 'sent_history']);
  return editions;
}

const SUBSCRIBERS_PER_BATCH = 1000;

function historyDay(options: HistoryOptions, day: number): { period: string; seenAt: string; slotAt: string } {
  const slot = new Date(options.slot.getTime() - day * 86_400_000);
  return { period: slot.toISOString().slice(0, 10), seenAt: new Date(slot.getTime() - 3_600_000).toISOString(), slotAt: slot.toISOString() };
}
