import { join } from 'node:path';
import Database from 'better-sqlite3';

/** Rows of a query on a project's store, read as another process would (read-only, closed again at once). */
export function readStore<T>(dir: string, query: string): T[] {
  const db = new Database(join(dir, 'data/paperboy.db'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(query).all() as T[];
  } catch (error) {
    // The store is created and migrated by the processes under test: not there yet.
    if (/no such table/.test((error as Error).message)) return [];
    throw error;
  } finally {
    db.close();
  }
}

/** Waits until `probe` gives a value, looking every 50 ms: synchronises on state, asserts no timing. */
export async function until<T>(what: string, probe: () => T | undefined | false | null, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let value: T | undefined | false | null;
    try {
      value = probe();
    } catch (error) {
      // The file may not exist yet.
      if (!/unable to open|SQLITE_CANTOPEN|does not exist/i.test((error as Error).message)) throw error;
    }
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Each subscriber's edition state for the day, by email. */
export function editionStates(dir: string): Map<string, { state: string; claimedBy: string | null }> {
  const rows = readStore<{ email: string; state: string; claimed_by: string | null }>(
    dir,
    "select s.email, e.state, e.claimed_by from editions e join subscribers s on s.id = e.subscriber_id where e.kind = 'daily'",
  );
  return new Map(rows.map((row) => [row.email, { state: row.state, claimedBy: row.claimed_by }]));
}
