import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { DumpFormat, Paper, ParsedPaper } from '../types.js';
import type { Db } from './database.js';
import { engineOf, inTransaction, onSqlite, type SqliteStatements } from './engine.js';
import type { PapersTable } from './schema.js';

export interface DumpRecord {
  path: string;
  sha256: string;
  format: DumpFormat;
  size: number;
}

export interface StoredDump extends DumpRecord {
  id: number;
  ingestedAt: string;
  papers: number;
  newPapers: number;
}

// SQLite allows 32,766 bound values; 10 columns a row leaves plenty of room.
const CHUNK = 500;

export async function findDumpBySha(db: Db, sha256: string): Promise<StoredDump | null> {
  const row = await db.selectFrom('dumps').selectAll().where('sha256', '=', sha256).executeTakeFirst();
  return row ? toDump(row) : null;
}

/**
 * Stores one dump and its papers in a single transaction, so a dump is either
 * wholly in the store or not at all. A paper already known is not
 * duplicated: metadata a later dump adds (upvotes, authors, date, link) is
 * merged in (see MERGE), while the first title and abstract stay unless a
 * later arXiv version replaces them. A paper is known by its arXiv id when
 * it has one, else by its id (the title's fingerprint): see identify(). A
 * re-announcement (an arXiv `replace` item) of a paper not stored adds
 * nothing.
 */
export async function storeDump(
  db: Db,
  dump: DumpRecord,
  papers: (ParsedPaper & { id: string })[],
  now: Date,
): Promise<{ dumpId: number; papers: number; newPapers: number }> {
  const at = now.toISOString();
  if (engineOf(db) === 'sqlite') return onSqlite(db, (statements) => storeOnSqlite(statements, dump, papers, at));
  return inTransaction(db, async (trx) => {
    const known = await knownPapers(trx, papers);
    const unique = dedupeById(identifyAll(papers, (arxivId) => known.byArxiv.get(arxivId), (id) => known.byId.get(id)));
    const { id: dumpId } = await trx
      .insertInto('dumps')
      .values({ ...dump, ingested_at: at, papers: unique.length, new_papers: 0 })
      .returning('id')
      .executeTakeFirstOrThrow();

    let newPapers = 0;
    for (let i = 0; i < unique.length; i += CHUNK) {
      const chunk = unique.slice(i, i + CHUNK);
      const known = await trx.selectFrom('papers').select('id').where('id', 'in', chunk.map((p) => p.id)).execute();
      newPapers += chunk.length - known.length;
      await trx
        .insertInto('papers')
        .values(chunk.map((paper) => toRow(paper, at)))
        .onConflict((oc) =>
          oc.column('id').doUpdateSet({
            ...Object.fromEntries(Object.entries(MERGE).map(([column, rule]) => [column, sql.raw(rule)])),
            updated_at: at,
          }),
        )
        .execute();
      await trx
        .insertInto('paper_dumps')
        .values(chunk.map((paper) => ({ paper_id: paper.id, dump_id: dumpId, line: paper.line })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    await trx.updateTable('dumps').set({ new_papers: newPapers }).where('id', '=', dumpId).execute();
    return { dumpId, papers: unique.length, newPapers };
  });
}

/**
 * storeDump on SQLite, through prepared statements in one synchronous
 * transaction: row by row, each statement prepared once, where Kysely
 * compiles and prepares a 500-row statement per chunk. Same rows, same merge.
 */
function storeOnSqlite(statements: SqliteStatements, dump: DumpRecord, parsed: (ParsedPaper & { id: string })[], at: string): { dumpId: number; papers: number; newPapers: number } {
  const insertDump = statements.get('insert into dumps (path, sha256, format, size, ingested_at, papers, new_papers) values (?, ?, ?, ?, ?, ?, 0) returning id');
  const known = statements.get('select 1 from papers where id = ?').pluck();
  const byArxiv = statements.get('select id from papers where arxiv_id = ? order by first_seen_at, id limit 1').pluck();
  const byId = statements.get('select arxiv_id as arxivId from papers where id = ?');
  const upsert = statements.get(UPSERT_PAPER_SQL);
  const link = statements.get('insert into paper_dumps (paper_id, dump_id, line) values (?, ?, ?) on conflict do nothing');
  const count = statements.get('update dumps set new_papers = ? where id = ?');
  // Immediate: it reads before it writes, and another process's commit in
  // between would make SQLite refuse the write at once instead of waiting.
  return statements.transaction(() => {
    const papers = dedupeById(
      identifyAll(parsed, (arxivId) => byArxiv.get(arxivId) as string | undefined, (id) => byId.get(id) as { arxivId: string | null } | undefined),
    );
    const { id: dumpId } = insertDump.get(dump.path, dump.sha256, dump.format, dump.size, at, papers.length) as { id: number };
    let newPapers = 0;
    for (const paper of papers) {
      if (known.get(paper.id) === undefined) newPapers++;
      const row = toRow(paper, at);
      upsert.run(row.id, row.title, row.abstract, row.authors_count, row.authors, row.published_at, row.upvotes, row.url, row.arxiv_id, row.arxiv_version, at, at);
      link.run(paper.id, dumpId, paper.line);
    }
    count.run(newPapers, dumpId);
    return { dumpId, papers: papers.length, newPapers };
  }, { immediate: true });
}

// A later arXiv version of the paper (a `replace` item, a v2 from the API) than the one stored.
const NEWER_VERSION = 'excluded.arxiv_version > coalesce(papers.arxiv_version, 0)';

/**
 * The merge rule of storeDump, one SQL expression per column: later dumps
 * add metadata (newer upvotes, authors and author counts win; a date, link or
 * arXiv id is kept once known); the first title and abstract stay, except
 * that a later arXiv version brings its own, and an abstract which a later
 * dump continues (the first copy was cut short) is replaced by the longer one.
 */
const MERGE: Record<string, string> = {
  title: `case when ${NEWER_VERSION} then excluded.title else papers.title end`,
  abstract: `case when ${NEWER_VERSION} then excluded.abstract when length(excluded.abstract) > length(papers.abstract) and substr(excluded.abstract, 1, length(papers.abstract)) = papers.abstract then excluded.abstract else papers.abstract end`,
  authors_count: 'coalesce(excluded.authors_count, papers.authors_count)',
  authors: 'coalesce(excluded.authors, papers.authors)',
  upvotes: 'coalesce(excluded.upvotes, papers.upvotes)',
  published_at: 'coalesce(papers.published_at, excluded.published_at)',
  url: 'coalesce(papers.url, excluded.url)',
  arxiv_id: 'coalesce(papers.arxiv_id, excluded.arxiv_id)',
  arxiv_version: `case when ${NEWER_VERSION} then excluded.arxiv_version else papers.arxiv_version end`,
};

const UPSERT_PAPER_SQL = `insert into papers (id, title, abstract, authors_count, authors, published_at, upvotes, url, arxiv_id, arxiv_version, first_seen_at, updated_at)
  values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  on conflict (id) do update set
    ${Object.entries(MERGE).map(([column, rule]) => `${column} = ${rule}`).join(',\n    ')},
    updated_at = excluded.updated_at`;

export async function listPapers(db: Db, options: { since?: string; limit?: number } = {}): Promise<Paper[]> {
  let query = db.selectFrom('papers').selectAll().orderBy('first_seen_at', 'desc').orderBy('id');
  if (options.since) query = query.where('first_seen_at', '>=', options.since);
  if (options.limit) query = query.limit(options.limit);
  return (await query.execute()).map(toPaper);
}

/** Papers that came from one of the given dumps, e.g. those of one ingest, for instant alerts. */
export async function papersOfDumps(db: Db, dumpIds: number[]): Promise<Paper[]> {
  if (dumpIds.length === 0) return [];
  const rows = await db
    .selectFrom('papers')
    .selectAll('papers')
    .where('id', 'in', db.selectFrom('paper_dumps').select('paper_id').where('dump_id', 'in', dumpIds))
    .execute();
  return rows.map(toPaper);
}

export async function countPapers(db: Db): Promise<number> {
  const row = await db.selectFrom('papers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function lastIngest(db: Db): Promise<StoredDump | null> {
  const row = await db.selectFrom('dumps').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row ? toDump(row) : null;
}

type Parsed = ParsedPaper & { id: string };

/**
 * Each paper's stored id: the paper already stored under its arXiv id if
 * there is one, else its fingerprint, unless another paper with another
 * arXiv id holds that fingerprint (two papers of one title), when the arXiv
 * id makes its own. Re-announcements of papers not stored are dropped.
 */
function identifyAll(
  papers: Parsed[],
  byArxiv: (arxivId: string) => string | undefined,
  byId: (id: string) => { arxivId: string | null } | undefined,
): Parsed[] {
  const seen = new Map<string, string>();
  const out: Parsed[] = [];
  for (const paper of papers) {
    const id = identify(paper, (arxivId) => seen.get(arxivId) ?? byArxiv(arxivId), byId);
    if (id === null) continue;
    if (paper.arxivId !== null) seen.set(paper.arxivId, id);
    out.push(id === paper.id ? paper : { ...paper, id });
  }
  return out;
}

function identify(paper: Parsed, byArxiv: (arxivId: string) => string | undefined, byId: (id: string) => { arxivId: string | null } | undefined): string | null {
  const stored = paper.arxivId === null ? undefined : byArxiv(paper.arxivId);
  if (stored !== undefined) return stored;
  const holder = byId(paper.id);
  if (paper.reannounced && (holder === undefined || (holder.arxivId !== null && holder.arxivId !== paper.arxivId))) return null;
  if (paper.arxivId !== null && holder !== undefined && holder.arxivId !== null && holder.arxivId !== paper.arxivId) {
    return createHash('sha256').update(`arxiv:${paper.arxivId}`).digest('hex').slice(0, 16);
  }
  return paper.id;
}

/** The stored papers a Kysely transaction needs for identify(), read before it writes. */
async function knownPapers(trx: Db, papers: Parsed[]): Promise<{ byArxiv: Map<string, string>; byId: Map<string, { arxivId: string | null }> }> {
  const byArxiv = new Map<string, string>();
  const byId = new Map<string, { arxivId: string | null }>();
  const arxivIds = papers.flatMap((paper) => (paper.arxivId === null ? [] : [paper.arxivId]));
  for (let i = 0; i < arxivIds.length; i += CHUNK) {
    const rows = await trx.selectFrom('papers').select(['id', 'arxiv_id']).where('arxiv_id', 'in', arxivIds.slice(i, i + CHUNK)).orderBy('first_seen_at', 'desc').orderBy('id', 'desc').execute();
    for (const row of rows) byArxiv.set(row.arxiv_id!, row.id);
  }
  for (let i = 0; i < papers.length; i += CHUNK) {
    const rows = await trx.selectFrom('papers').select(['id', 'arxiv_id']).where('id', 'in', papers.slice(i, i + CHUNK).map((paper) => paper.id)).execute();
    for (const row of rows) byId.set(row.id, { arxivId: row.arxiv_id });
  }
  return { byArxiv, byId };
}

function dedupeById<T extends { id: string }>(papers: T[]): T[] {
  const seen = new Map<string, T>();
  for (const paper of papers) if (!seen.has(paper.id)) seen.set(paper.id, paper);
  return [...seen.values()];
}

function toRow(paper: ParsedPaper & { id: string }, at: string): PapersTable {
  return {
    id: paper.id,
    title: paper.title,
    abstract: paper.abstract,
    authors_count: paper.authorsCount,
    authors: paper.authors.length > 0 ? JSON.stringify(paper.authors) : null,
    published_at: paper.publishedAt,
    upvotes: paper.upvotes,
    url: paper.url,
    arxiv_id: paper.arxivId,
    arxiv_version: paper.arxivVersion ?? null,
    first_seen_at: at,
    updated_at: at,
  };
}

export function toPaper(row: PapersTable): Paper {
  return {
    id: row.id,
    title: row.title,
    abstract: row.abstract,
    authorsCount: row.authors_count,
    authors: row.authors === null ? [] : (JSON.parse(row.authors) as string[]),
    publishedAt: row.published_at,
    upvotes: row.upvotes,
    url: row.url,
    arxivId: row.arxiv_id,
    firstSeenAt: row.first_seen_at,
  };
}

function toDump(row: { id: number; path: string; sha256: string; format: string; size: number; ingested_at: string; papers: number; new_papers: number }): StoredDump {
  return {
    id: row.id,
    path: row.path,
    sha256: row.sha256,
    format: row.format as DumpFormat,
    size: row.size,
    ingestedAt: row.ingested_at,
    papers: row.papers,
    newPapers: row.new_papers,
  };
}

/**
 * The papers a digest may draw on: those first seen within `days` of the
 * newest one. Anchored on the store, not the clock, so that `run --at` moves
 * the schedule without changing which papers an edition carries.
 */
export async function recentPapers(db: Db, days: number): Promise<Paper[]> {
  const newest = await db.selectFrom('papers').select((eb) => eb.fn.max('first_seen_at').as('at')).executeTakeFirst();
  if (!newest?.at) return [];
  const since = new Date(new Date(String(newest.at)).getTime() - days * 86_400_000).toISOString();
  return listPapers(db, { since });
}

/** Papers first seen at or after an instant (those an ingest brought), for instant alerts. */
export async function papersFirstSeenSince(db: Db, since: Date, dumpIds: number[]): Promise<Paper[]> {
  return (await papersOfDumps(db, dumpIds)).filter((paper) => paper.firstSeenAt >= since.toISOString());
}

/** Papers by id (ids not stored are left out). */
export async function papersByIds(db: Db, ids: readonly string[]): Promise<Map<string, Paper>> {
  const papers = new Map<string, Paper>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db.selectFrom('papers').selectAll().where('id', 'in', ids.slice(i, i + 500)).execute();
    for (const row of rows) papers.set(row.id, toPaper(row));
  }
  return papers;
}

/**
 * Up to `limit` papers of the last `days` (from the newest), the same ones
 * every time: ids are hashes of titles, so the first ids are an even sample.
 */
export async function sampleOfRecentPapers(db: Db, days: number, limit: number): Promise<Paper[]> {
  const newest = await db.selectFrom('papers').select((eb) => eb.fn.max('first_seen_at').as('at')).executeTakeFirst();
  if (!newest?.at) return [];
  const since = new Date(new Date(String(newest.at)).getTime() - days * 86_400_000).toISOString();
  const rows = await db.selectFrom('papers').selectAll().where('first_seen_at', '>=', since).orderBy('id').limit(limit).execute();
  return rows.map(toPaper);
}

/** A paper by its arXiv id, stored without its version (`2411.01234`). */
export async function findPaperByArxivId(db: Db, arxivId: string): Promise<Paper | null> {
  const row = await db.selectFrom('papers').selectAll().where('arxiv_id', '=', arxivId).orderBy('first_seen_at', 'desc').executeTakeFirst();
  return row ? toPaper(row) : null;
}

/** Papers whose title holds `text` (case-insensitive, ASCII; lower() on both sides, as PostgreSQL's LIKE minds case), newest first. */
export async function papersWithTitleLike(db: Db, text: string, limit: number): Promise<Paper[]> {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await db
    .selectFrom('papers')
    .selectAll()
    .where(sql<boolean>`lower(title) like lower(${pattern}) escape '\\'`)
    .orderBy('first_seen_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toPaper);
}
