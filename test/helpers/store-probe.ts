import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';

/**
 * Rows of a query on a project's store, read as another process would: the
 * SQLite file of the project in folder `at` (read-only, closed again at
 * once), or the PostgreSQL database at the URL `at`.
 */
export async function readStore<T>(at: string, query: string): Promise<T[]> {
  if (/^postgres(ql)?:\/\//.test(at)) {
    const client = new pg.Client({ connectionString: at });
    await client.connect();
    try {
      return (await client.query(query)).rows as T[];
    } catch (error) {
      // The store is migrated by the processes under test: not there yet.
      if ((error as { code?: string }).code === '42P01') return [];
      throw error;
    } finally {
      await client.end();
    }
  }
  let db: Database.Database;
  try {
    db = new Database(join(at, 'data/paperboy.db'), { readonly: true, fileMustExist: true });
  } catch (error) {
    // The file may not exist yet.
    if (/unable to open|SQLITE_CANTOPEN|does not exist/i.test((error as Error).message)) return [];
    throw error;
  }
  try {
    return db.prepare(query).all() as T[];
  } catch (error) {
    if (/no such table/.test((error as Error).message)) return [];
    throw error;
  } finally {
    db.close();
  }
}

/** Waits until `probe` gives a value, looking every 50 ms: synchronises on state, asserts no timing. */
export async function until<T>(what: string, probe: () => T | undefined | false | null | Promise<T | undefined | false | null>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Each subscriber's edition state for the day, by email. */
export async function editionStates(at: string): Promise<Map<string, { state: string; claimedBy: string | null }>> {
  const rows = await readStore<{ email: string; state: string; claimed_by: string | null }>(
    at,
    "select s.email, e.state, e.claimed_by from editions e join subscribers s on s.id = e.subscriber_id where e.kind = 'daily'",
  );
  return new Map(rows.map((row) => [row.email, { state: row.state, claimedBy: row.claimed_by }]));
}
