import { sql } from 'kysely';
import type { EditionKind } from '../types.js';
import type { Db } from './database.js';
import { engineOf } from './engine.js';

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
export async function claimBuilds<K extends EditionKey>(db: Db, runnerId: string, keys: readonly K[], now: Date): Promise<K[]> {
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
  const late = recorded.filter((row) => ours.delete(name(row)));
  // A claim on a recorded edition would hide its delivery from other senders (waiting()) until this runner ends.
  if (late.length > 0) await releaseBuilds(db, runnerId, late.map((row) => ({ subscriberId: row.subscriber_id, kind: row.kind as EditionKind, period: row.period })));
  return keys.filter((key) => ours.has(name({ subscriber_id: key.subscriberId, kind: key.kind, period: key.period })));
}

/** Lets go of a runner's claims on these editions: recorded by now, their deliveries are anyone's to send. */
export async function releaseBuilds(db: Db, runnerId: string, keys: readonly EditionKey[]): Promise<void> {
  for (const key of keys) {
    await db
      .deleteFrom('edition_claims')
      .where('runner_id', '=', runnerId)
      .where('subscriber_id', '=', key.subscriberId)
      .where('kind', '=', key.kind)
      .where('period', '=', key.period)
      .execute();
  }
}

/**
 * Deliveries waiting to be sent: `planned`, or in `retry` with their next
 * attempt due, for active subscribers, oldest first; not those whose
 * edition a live runner still holds a build claim on: that run sends (and
 * retries) them itself, and its claims are let go when it ends or is found
 * dead.
 */
function waiting(db: Db, at: string) {
  return db
    .selectFrom('editions')
    .select('id')
    .where((eb) =>
      eb.or([
        eb('state', '=', 'planned'),
        eb.and([eb('state', '=', 'retry'), eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', at)])]),
      ]),
    )
    .where('subscriber_id', 'in', db.selectFrom('subscribers').select('id').where('status', '=', 'active'))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('edition_claims')
            .select('edition_claims.runner_id')
            .whereRef('edition_claims.subscriber_id', '=', 'editions.subscriber_id')
            .whereRef('edition_claims.kind', '=', 'editions.kind')
            .whereRef('edition_claims.period', '=', 'editions.period'),
        ),
      ),
    )
    .orderBy('id');
}

/** The ids of the deliveries waiting to be sent (see waiting()), for a run to send one by one. */
export async function waitingEditionIds(db: Db, now: Date): Promise<number[]> {
  const rows = await waiting(db, now.toISOString()).execute();
  return rows.map((row) => row.id);
}

/**
 * Claims up to `limit` deliveries waiting to be sent (see waiting()): moves
 * them to `sending` for `runnerId` and returns their ids. On PostgreSQL the rows are
 * picked with FOR UPDATE SKIP LOCKED, so claimers on many hosts pass each
 * other by instead of queueing on the same rows; SQLite's single writer
 * makes the one statement atomic by itself.
 */
export async function claimWaiting(db: Db, runnerId: string, now: Date, limit: number): Promise<number[]> {
  if (limit <= 0) return [];
  const at = now.toISOString();
  let oldest = waiting(db, at).limit(limit);
  if (engineOf(db) === 'postgres') oldest = oldest.forUpdate().skipLocked();
  const rows = await db
    .updateTable('editions')
    .set({ state: 'sending', claimed_by: runnerId, attempts: sql`attempts + 1`, updated_at: at })
    .where('id', 'in', oldest)
    .where('state', 'in', ['planned', 'retry'])
    .returning('id')
    .execute();
  return rows.map((row) => row.id).sort((a, b) => a - b);
}
