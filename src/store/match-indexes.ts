// The stored match index of the recent papers (018-match-indexes): one row,
// replaced when the papers change.
import type { Db } from './database.js';

/** The index stored under `key`, or null. */
export async function storedMatchIndex(db: Db, key: string): Promise<Uint8Array | null> {
  const row = await db.selectFrom('match_indexes').select('data').where('key', '=', key).executeTakeFirst();
  return row?.data ?? null;
}

/** Keeps `data` under `key` in place of any other index (and of a damaged one under the same key). */
export async function storeMatchIndex(db: Db, key: string, data: Uint8Array, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('match_indexes').where('key', '!=', key).execute();
    await trx.insertInto('match_indexes').values({ key, data, created_at: now.toISOString() }).onConflict((oc) => oc.column('key').doUpdateSet({ data, created_at: now.toISOString() })).execute();
  });
}
