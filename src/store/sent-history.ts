import { sql } from 'kysely';
import { SentPapers, type PaperIdList } from '../sent-papers.js';
import type { EditionKind } from '../types.js';
import type { Db } from './database.js';
import { engineOf, onSqlite, type SqliteStatements } from './engine.js';

// The papers each reader has had, in the form a run reads them: one row per
// edition listing its papers and the day each was first seen, keyed by the
// newest of those days, then the reader (019-sent-history-by-day). A run
// asks which papers first seen since the candidates' window began each due
// reader has had: that is about one row per past digest in the window, not
// one row per paper (twenty a digest).

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
 * the window. Papers all first seen on one day never straddle the window's
 * start, so their days are never read, and not written: every run reads the
 * month's rows, and the days are a large part of each.
 */
export function sentHistoryRow(papers: readonly SentPaper[]): { last_day: number; first_day: number; papers: string; days: string } {
  let first = Infinity;
  let last = -Infinity;
  for (const [day] of papers) {
    if (day < first) first = day;
    if (day > last) last = day;
  }
  return { last_day: last, first_day: first, papers: papers.map(([, id]) => id).join('\n'), days: first === last ? '' : papers.map(([day]) => day).join(',') };
}

/**
 * The papers first seen on or after `fromDay` that each subscriber has had
 * in an edition of this kind. Only the rows of editions that carried such a
 * paper are read (the rows' key starts with the newest day they carry), and
 * as one string of ids each: a month of daily digests is some 30 rows a
 * reader instead of 600. Each row's ids stay a list of their own, shared by
 * the readers who had the same edition (SentPapers).
 *
 * The rows are keyed by day, then subscriber (019-sent-history-by-day), so
 * readers close in id are read together: for each day of the window, the
 * rows of a range of ids, one statement a range.
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
  const read = engineOf(db) === 'sqlite' ? readOnSqlite : readOnPostgres;
  for (const range of idRanges(subscriberIds)) {
    const asked = new Set(range);
    for (const row of await read(db, kind, fromDay, range[0], range[range.length - 1])) if (asked.has(row.subscriber_id)) add(row.subscriber_id, row.papers, row.days);
  }
  const sent = new Map<number, SentPapers>();
  for (const [subscriberId, had] of lists) sent.set(subscriberId, new SentPapers(had));
  return sent;
}

/** Ids read in one statement: at most this many, spanning at most SPAN_PER_ID times as many ids (the others in between are read and skipped). */
const IDS_PER_READ = 500;
const SPAN_PER_ID = 4;

/** The ids in order, in ranges that are each read in one statement. */
function idRanges(subscriberIds: readonly number[]): number[][] {
  const ids = [...new Set(subscriberIds)].sort((a, b) => a - b);
  const ranges: number[][] = [];
  let range: number[] = [];
  for (const id of ids) {
    if (range.length === IDS_PER_READ || (range.length > 0 && id - range[0] >= SPAN_PER_ID * IDS_PER_READ)) {
      ranges.push(range);
      range = [];
    }
    range.push(id);
  }
  if (range.length > 0) ranges.push(range);
  return ranges;
}

/** A straddling row's papers first seen on or after `fromDay`: a list of its own. */
function idsSince(ids: PaperIdList, days: readonly string[], fromDay: number): PaperIdList {
  return ids.filter((_, i) => Number(days[i]) >= fromDay);
}

/** A row as a run reads it: its days only when it straddles the window's start (the others' would be read for nothing). */
type SentRow = { subscriber_id: number; papers: string; days: string | null };

/** The rows of the subscribers from `first` to `last`, for each day of the kind's rows from `fromDay` on: the same question on each engine. */
async function readOnSqlite(db: Db, kind: EditionKind, fromDay: number, first: number, last: number): Promise<SentRow[]> {
  return onSqlite(db, (statements) => statements.get(READ_SQL).all(fromDay, kind, fromDay, kind, fromDay, kind, first, last) as SentRow[]);
}

const READ_SQL = `with recursive day(d) as (
    select max(?, coalesce((select min(last_day) from sent_history where kind = ?), ?))
    union all select d + 1 from day where d < (select max(last_day) from sent_history where kind = ?)
  )
  select subscriber_id, papers, iif(first_day >= ?, null, days) as days
  from sent_history where kind = ? and last_day in (select d from day) and subscriber_id between ? and ?`;

async function readOnPostgres(db: Db, kind: EditionKind, fromDay: number, first: number, last: number): Promise<SentRow[]> {
  const { rows } = await sql<SentRow>`select subscriber_id, papers, case when first_day >= ${fromDay} then null else days end as days
    from sent_history
    where kind = ${kind}
      and last_day = any(array(select generate_series(greatest(${fromDay}::int, (select min(last_day) from sent_history where kind = ${kind})), (select max(last_day) from sent_history where kind = ${kind}))))
      and subscriber_id between ${first} and ${last}`.execute(db);
  return rows;
}

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
