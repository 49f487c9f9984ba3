import { sql } from 'kysely';
import { SentPapers, type PaperIdList } from '../sent-papers.js';
import type { EditionKind } from '../types.js';
import type { Db } from './database.js';
import { engineOf, onSqlite, type SqliteStatements } from './engine.js';

// The papers each reader has had, in the form a run reads them: one row per
// edition listing its papers and the day each was first seen, keyed by the
// newest of those days (014-sent-history). A run asks which papers first
// seen since the candidates' window began each due reader has had: that is
// a key range of about one row per past digest in the window, instead of one
// row per paper (twenty a digest), as edition_papers held them until 016.

/** A paper an edition carried: the day it was first seen (sentDay) and its id. */
export type SentPaper = readonly [day: number, paperId: string];

/**
 * Records the papers of one planned edition, in the transaction that plans
 * it (SQLite). An edition planned again (it exists already) changes nothing.
 */
export function recordSentPapersSqlite(statements: SqliteStatements, edition: { subscriberId: number; kind: string; editionId: number }, papers: readonly SentPaper[]): void {
  if (papers.length === 0) return;
  const row = sentHistoryRow(papers);
  statements.get(INSERT_SQL).run(edition.subscriberId, edition.kind, row.last_day, edition.editionId, row.first_day, row.papers, row.days);
}

const INSERT_SQL = 'insert into sent_history (subscriber_id, kind, last_day, edition_id, first_day, papers, days) values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing';

/**
 * An edition's row but for its keys: the ids one per line (paper ids are
 * fingerprints or arXiv ids, never a line break), and the day of each, in
 * the same order, only read for an edition that carried papers from before
 * the window.
 */
export function sentHistoryRow(papers: readonly SentPaper[]): { last_day: number; first_day: number; papers: string; days: string } {
  let first = Infinity;
  let last = -Infinity;
  for (const [day] of papers) {
    if (day < first) first = day;
    if (day > last) last = day;
  }
  return { last_day: last, first_day: first, papers: papers.map(([, id]) => id).join('\n'), days: papers.map(([day]) => day).join(',') };
}

/**
 * The papers first seen on or after `fromDay` that each subscriber has had
 * in an edition of this kind. Only the rows of editions that carried such a
 * paper are read (the rows' key starts with the newest day they carry), and
 * as one string of ids each: a month of daily digests is some 30 rows a
 * reader instead of 600. Each row's ids stay a list of their own, shared by
 * the readers who had the same edition (SentPapers).
 */
export async function sentPapersSince(db: Db, kind: EditionKind, subscriberIds: readonly number[], fromDay: number): Promise<Map<number, SentPapers>> {
  const lists = new Map<number, PaperIdList[]>();
  const add = (subscriberId: number, papers: string, days: string | null) => {
    const ids = days === null ? paperIdsOf(papers) : idsSince(paperIdsOf(papers), days.split(','), fromDay);
    if (ids.length === 0) return;
    const had = lists.get(subscriberId);
    if (had) had.push(ids);
    else lists.set(subscriberId, [ids]);
  };
  if (engineOf(db) === 'sqlite') {
    await onSqlite(db, (statements) => {
      const read = statements.get(READ_SQL).pluck();
      for (const id of subscriberIds) {
        for (const listed of read.all(fromDay, id, kind, fromDay) as string[]) {
          if (!listed.startsWith(DAYS_MARK)) add(id, listed, null);
          else {
            const end = listed.indexOf(DAYS_MARK, 1);
            add(id, listed.slice(end + 1), listed.slice(1, end));
          }
        }
      }
    });
  } else {
    for (let i = 0; i < subscriberIds.length; i += 500) {
      // The days only of a row that straddles the window's start: the others' would cross the network for nothing.
      const rows = await db
        .selectFrom('sent_history')
        .select(['subscriber_id', 'papers', sql<string | null>`case when first_day >= ${fromDay} then null else days end`.as('days')])
        .where('subscriber_id', 'in', subscriberIds.slice(i, i + 500))
        .where('kind', '=', kind)
        .where('last_day', '>=', fromDay)
        .execute();
      for (const row of rows) add(row.subscriber_id, row.papers, row.days);
    }
  }
  const sent = new Map<number, SentPapers>();
  for (const [subscriberId, had] of lists) sent.set(subscriberId, new SentPapers(had));
  return sent;
}

/** A straddling row's papers first seen on or after `fromDay`: a list of its own. */
function idsSince(ids: PaperIdList, days: readonly string[], fromDay: number): PaperIdList {
  return ids.filter((_, i) => Number(days[i]) >= fromDay);
}

// One string a row, as few objects as a month of rows can make: its ids, and
// before them, only for a row that straddles the window's start, its days
// between two record separators (ids and days never hold one).
const DAYS_MARK = '\u001e';
const READ_SQL = "select iif(first_day >= ?, papers, char(30) || days || char(30) || papers) from sent_history where subscriber_id = ? and kind = ? and last_day >= ?";

/**
 * Distinct lists kept split. Readers with the same topics got the same
 * digests, so a run reads the same lists again and again: split once, their
 * ids are the same strings each time (hashed once, by the first Set that
 * holds them), not a month of history's worth of new short-lived strings
 * per reader.
 */
const SPLIT_LISTS = 20_000;
let splitLists = new Map<string, PaperIdList>();

function paperIdsOf(papers: string): PaperIdList {
  let ids = splitLists.get(papers);
  if (ids === undefined) {
    if (splitLists.size >= SPLIT_LISTS) splitLists = new Map();
    ids = papers.split('\n');
    splitLists.set(papers, ids);
  }
  return ids;
}
