import type { Db } from './database.js';
import type { SourcesTable } from './schema.js';

/** What the last fetch of a source brought, as `paperboy sources` shows it. */
export interface SourceState {
  url: string;
  name: string | null;
  etag: string | null;
  lastModified: string | null;
  fetchedAt: string;
  status: number | null;
  papers: number;
  newPapers: number;
  error: string | null;
}

export async function sourceState(db: Db, url: string): Promise<SourceState | null> {
  const row = await db.selectFrom('sources').selectAll().where('url', '=', url).executeTakeFirst();
  return row ? toState(row) : null;
}

export async function sourceStates(db: Db): Promise<Map<string, SourceState>> {
  const rows = await db.selectFrom('sources').selectAll().execute();
  return new Map(rows.map((row) => [row.url, toState(row)]));
}

/** Records one fetch of a source, replacing the last one's record. */
export async function recordSourceFetch(db: Db, state: SourceState): Promise<void> {
  const row: SourcesTable = {
    url: state.url,
    name: state.name,
    etag: state.etag,
    last_modified: state.lastModified,
    fetched_at: state.fetchedAt,
    status: state.status,
    papers: state.papers,
    new_papers: state.newPapers,
    error: state.error,
  };
  await db.insertInto('sources').values(row).onConflict((oc) => oc.column('url').doUpdateSet(row)).execute();
}

function toState(row: SourcesTable): SourceState {
  return {
    url: row.url,
    name: row.name,
    etag: row.etag,
    lastModified: row.last_modified,
    fetchedAt: row.fetched_at,
    status: row.status,
    papers: row.papers,
    newPapers: row.new_papers,
    error: row.error,
  };
}
