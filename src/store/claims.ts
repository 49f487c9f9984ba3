import { sql } from 'kysely';
import type { EditionKind } from '../types.js';
import type { Db } from './database.js';
import { isPostgres } from './engine.js';

export interface EditionKey {
  subscriberId: number;
  kind: EditionKind;
  period: string;
}

/**
 * Claims the right to build these editions for `runnerId`, in one
 * statement: returns the ones this runner got, in the order given, leaving
 * out those another runner claimed first and those already recorded (built,
 * or found empty). Runs that share a pass build each digest once this way;
 * planning stays idempotent behind it (planEditions).
 */
export async function claimBuilds(db: Db, runnerId: string, keys: readonly EditionKey[], now: Date): Promise<EditionKey[]> {
  if (keys.length === 0) return [];
  const at = now.toISOString();
  const inserted = await db
    .insertInto('edition_claims')
    .values(keys.map((key) => ({ subscriber_id: key.subscriberId, kind: key.kind, period: key.period, runner_id: runnerId, claimed_at: at })))
    .onConflict((oc) => oc.doNothing())
    .returning(['subscriber_id', 'kind', 'period'])
    .execute();
  if (inserted.length === 0) return [];
  const recorded = await db
    .selectFrom('editions')
    .select(['subscriber_id', 'kind', 'period'])
    .where('subscriber_id', 'in', inserted.map((row) => row.subscriber_id))
    .where('kind', 'in', [...new Set(inserted.map((row) => row.kind))])
    .where('period', 'in', [...new Set(inserted.map((row) => row.period))])
    .execute();
  const name = (row: { subscriber_id: number; kind: string; period: string }) => `${row.subscriber_id}\u0000${row.kind}\u0000${row.period}`;
  const ours = new Set(inserted.map(name));
  for (const row of recorded) ours.delete(name(row));
  return keys.filter((key) => ours.has(name({ subscriber_id: key.subscriberId, kind: key.kind, period: key.period })));
}

/** Lets go of a runner's build claims (the editions are recorded by now, or left for others to build). */
export async function releaseBuilds(db: Db, runnerId: string): Promise<void> {
  await db.deleteFrom('edition_claims').where('runner_id', '=', runnerId).execute();
}

/**
 * Claims up to `limit` deliveries waiting in `planned` or in `retry` (whose
 * next attempt is due), oldest first, for active subscribers: moves them to
 * `sending` for `runnerId` and returns their ids. On PostgreSQL the rows are
 * picked with FOR UPDATE SKIP LOCKED, so claimers on many hosts pass each
 * other by instead of queueing on the same rows; SQLite's single writer
 * makes the one statement atomic by itself.
 */
export async function claimWaiting(db: Db, runnerId: string, now: Date, limit: number): Promise<number[]> {
  if (limit <= 0) return [];
  const at = now.toISOString();
  let waiting = db
    .selectFrom('editions')
    .select('id')
    .where((eb) =>
      eb.or([
        eb('state', '=', 'planned'),
        eb.and([eb('state', '=', 'retry'), eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', at)])]),
      ]),
    )
    .where('subscriber_id', 'in', db.selectFrom('subscribers').select('id').where('status', '=', 'active'))
    .orderBy('id')
    .limit(limit);
  if (isPostgres(db)) waiting = waiting.forUpdate().skipLocked();
  const rows = await db
    .updateTable('editions')
    .set({ state: 'sending', claimed_by: runnerId, attempts: sql`attempts + 1`, updated_at: at })
    .where('id', 'in', waiting)
    .where('state', 'in', ['planned', 'retry'])
    .returning('id')
    .execute();
  return rows.map((row) => row.id).sort((a, b) => a - b);
}
