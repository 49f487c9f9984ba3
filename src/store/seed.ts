import type { Db } from './database.js';

/** The sha256 of the seed file as it was last merged, or null if it never was. */
export async function mergedSeedFile(db: Db, path: string): Promise<string | null> {
  const row = await db.selectFrom('seed_files').select('sha256').where('path', '=', path).executeTakeFirst();
  return row?.sha256 ?? null;
}

export async function recordSeedFile(db: Db, path: string, sha256: string, now: Date): Promise<void> {
  const at = now.toISOString();
  await db
    .insertInto('seed_files')
    .values({ path, sha256, merged_at: at })
    .onConflict((oc) => oc.column('path').doUpdateSet({ sha256, merged_at: at }))
    .execute();
}

/** Each subscriber's seed hash by email: which seed entry last set them (null: none did). */
export async function seedHashesByEmail(db: Db): Promise<Map<string, string | null>> {
  const rows = await db.selectFrom('subscribers').select(['email', 'seed_hash']).execute();
  return new Map(rows.map((row) => [row.email, row.seed_hash]));
}
