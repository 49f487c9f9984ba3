// Read queries the web pages need over the core tables: the public archive,
// the web copy of an edition, and the health check.

import { sql } from 'kysely';
import type { EditionKind, Paper } from '../types.js';
import type { Db } from './database.js';
import { toPaper } from './papers.js';

export interface ArchiveDay {
  /** `YYYY-MM-DD`, UTC. */
  day: string;
  papers: number;
}

/** The days papers were first ingested on (UTC), newest first, with how many. */
export async function archiveDays(db: Db): Promise<ArchiveDay[]> {
  const day = sql<string>`substr(first_seen_at, 1, 10)`;
  const rows = await db
    .selectFrom('papers')
    .select([day.as('day'), (eb) => eb.fn.countAll<number>().as('papers')])
    .groupBy(day)
    .orderBy(day, 'desc')
    .execute();
  return rows.map((row) => ({ day: row.day, papers: Number(row.papers) }));
}

/**
 * One page of the papers first ingested on one UTC day, most upvoted first
 * (then by title, then id, so pages never overlap), and how many that day has.
 */
export async function papersOfDay(db: Db, day: string, page: { offset: number; limit: number }): Promise<{ papers: Paper[]; total: number }> {
  const start = new Date(`${day}T00:00:00.000Z`).toISOString();
  const end = new Date(new Date(start).getTime() + 86_400_000).toISOString();
  const ofDay = db.selectFrom('papers').where('first_seen_at', '>=', start).where('first_seen_at', '<', end);
  const count = await ofDay.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await ofDay
    .selectAll()
    .orderBy(sql`coalesce(upvotes, -1)`, 'desc')
    .orderBy('title')
    .orderBy('id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { papers: rows.map(toPaper), total: Number(count.total) };
}

export async function findPaper(db: Db, id: string): Promise<Paper | null> {
  const row = await db.selectFrom('papers').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toPaper(row) : null;
}

/** The id of one subscriber's edition, by its key (`daily:2026-11-24` is kind and period). */
export async function findEditionId(db: Db, edition: { subscriberId: number; kind: EditionKind; period: string }): Promise<number | null> {
  const row = await db
    .selectFrom('editions')
    .select('id')
    .where('subscriber_id', '=', edition.subscriberId)
    .where('kind', '=', edition.kind)
    .where('period', '=', edition.period)
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Whether the store answers a query at all. */
export async function storeReachable(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
