import type { Db } from './database.js';

export interface LeaseHolder {
  holder: string;
  acquiredAt: string;
  expiresAt: string;
}

/**
 * Takes the named lease for `holder` until now + ttl, unless someone else
 * holds an unexpired one (and `isDead` does not know it to be gone): then
 * that holder is returned. Each write is one conditional statement, so two
 * processes racing for it cannot both win, on SQLite or PostgreSQL alike:
 * the upsert takes a free, expired or own lease; a dead holder's lease is
 * taken by compare-and-set on the very row that was read.
 */
export async function acquireLease(
  db: Db,
  lease: { name: string; holder: string; ttlMs: number; now: Date; isDead?: (holder: string) => boolean },
): Promise<{ acquired: true } | { acquired: false; by: LeaseHolder }> {
  const now = lease.now.toISOString();
  const expires = new Date(lease.now.getTime() + lease.ttlMs).toISOString();
  for (;;) {
    const taken = await db
      .insertInto('leases')
      .values({ name: lease.name, holder: lease.holder, acquired_at: now, expires_at: expires })
      .onConflict((oc) =>
        oc
          .column('name')
          .doUpdateSet({ holder: lease.holder, acquired_at: now, expires_at: expires })
          .where((eb) => eb.or([eb('leases.expires_at', '<=', now), eb('leases.holder', '=', lease.holder)])),
      )
      .returning('holder')
      .executeTakeFirst();
    if (taken) return { acquired: true };
    const current = await db.selectFrom('leases').selectAll().where('name', '=', lease.name).executeTakeFirst();
    // Released or expired between the two statements: try again.
    if (!current || current.expires_at <= now || current.holder === lease.holder) continue;
    if (!lease.isDead?.(current.holder)) {
      return { acquired: false, by: { holder: current.holder, acquiredAt: current.acquired_at, expiresAt: current.expires_at } };
    }
    const takenOver = await db
      .updateTable('leases')
      .set({ holder: lease.holder, acquired_at: now, expires_at: expires })
      .where('name', '=', lease.name)
      .where('holder', '=', current.holder)
      .where('expires_at', '=', current.expires_at)
      .executeTakeFirst();
    if (Number(takenOver.numUpdatedRows) > 0) return { acquired: true };
  }
}

/** Extends a lease we hold; false when it was lost (expired and taken by another). */
export async function renewLease(db: Db, lease: { name: string; holder: string; ttlMs: number; now: Date }): Promise<boolean> {
  const result = await db
    .updateTable('leases')
    .set({ expires_at: new Date(lease.now.getTime() + lease.ttlMs).toISOString() })
    .where('name', '=', lease.name)
    .where('holder', '=', lease.holder)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function releaseLease(db: Db, name: string, holder: string): Promise<void> {
  await db.deleteFrom('leases').where('name', '=', name).where('holder', '=', holder).execute();
}

export async function leaseHolder(db: Db, name: string): Promise<LeaseHolder | null> {
  const row = await db.selectFrom('leases').selectAll().where('name', '=', name).executeTakeFirst();
  return row ? { holder: row.holder, acquiredAt: row.acquired_at, expiresAt: row.expires_at } : null;
}
