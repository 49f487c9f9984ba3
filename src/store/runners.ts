import type { Db } from './database.js';
import { listEditions, type Edition } from './editions.js';

export interface RunnerRow {
  id: string;
  host: string;
  pid: number;
  startedAt: string;
  expiresAt: string;
}

/** Records a live runner whose heartbeat lasts until now + ttl. */
export async function registerRunner(db: Db, runner: { id: string; host: string; pid: number; now: Date; ttlMs: number }): Promise<void> {
  const expires = new Date(runner.now.getTime() + runner.ttlMs).toISOString();
  await db
    .insertInto('runners')
    .values({ id: runner.id, host: runner.host, pid: runner.pid, started_at: runner.now.toISOString(), expires_at: expires })
    .onConflict((oc) => oc.column('id').doUpdateSet({ expires_at: expires }))
    .execute();
}

/** Extends a runner's heartbeat; false when its row is gone (another process found it dead). */
export async function renewRunner(db: Db, id: string, now: Date, ttlMs: number): Promise<boolean> {
  const result = await db
    .updateTable('runners')
    .set({ expires_at: new Date(now.getTime() + ttlMs).toISOString() })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** A runner leaves: the claims it holds on editions it did not build are let go with it. */
export async function removeRunner(db: Db, id: string): Promise<void> {
  await db.deleteFrom('edition_claims').where('runner_id', '=', id).execute();
  await db.deleteFrom('runners').where('id', '=', id).execute();
}

export async function listRunners(db: Db): Promise<RunnerRow[]> {
  const rows = await db.selectFrom('runners').selectAll().orderBy('started_at').execute();
  return rows.map((row) => ({ id: row.id, host: row.host, pid: Number(row.pid), startedAt: row.started_at, expiresAt: row.expires_at }));
}

export interface Recovery {
  /** Runners found dead (heartbeat expired, or `isGone`), now removed. */
  dead: RunnerRow[];
  /** Their deliveries that were `sending`, now `unknown`: the server may or may not have them. */
  interrupted: Edition[];
  /** Their claims on editions not built yet, let go so that a live runner builds them. */
  released: number;
}

/**
 * Takes over from runners that died: removes their rows, turns their
 * `sending` deliveries into `unknown` (never resent silently) and lets go of
 * their build claims. A runner is dead when `liveness` says its process is
 * gone, or says nothing (another host) and its heartbeat expired. A
 * delivery or claim counts as a dead runner's when no runner row names it,
 * which also covers a runner that left cleanly with a delivery still
 * `sending` (its store failed under it). Live runners' deliveries are not
 * touched: any live process may run this at any time. Single statements, no
 * transaction: each step is safe to repeat.
 */
export async function recoverDeadRunners(
  db: Db,
  now: Date,
  liveness: (runner: RunnerRow) => 'alive' | 'gone' | 'unknown' = () => 'unknown',
): Promise<Recovery> {
  const at = now.toISOString();
  const found = (await listRunners(db)).filter((runner) => {
    const known = liveness(runner);
    return known === 'gone' || (known === 'unknown' && runner.expiresAt < at);
  });
  const dead: RunnerRow[] = [];
  for (const runner of found) {
    // An expired runner that renewed meanwhile is alive after all: keep it.
    let removal = db.deleteFrom('runners').where('id', '=', runner.id);
    if (liveness(runner) !== 'gone') removal = removal.where('expires_at', '<', at);
    // Another process recovering at the same moment may have removed it first: then it is that one's to report.
    if (Number((await removal.executeTakeFirst()).numDeletedRows) > 0) dead.push(runner);
  }
  const ids = await db
    .updateTable('editions')
    .set({ state: 'unknown', last_response: 'interrupted while sending: the server may or may not have accepted it', updated_at: at })
    .where('state', '=', 'sending')
    .where((eb) =>
      eb.or([eb('claimed_by', 'is', null), eb.not(eb.exists(eb.selectFrom('runners').select('runners.id').whereRef('runners.id', '=', 'editions.claimed_by')))]),
    )
    .returning('id')
    .execute();
  const released = await db
    .deleteFrom('edition_claims')
    .where((eb) => eb.not(eb.exists(eb.selectFrom('runners').select('runners.id').whereRef('runners.id', '=', 'edition_claims.runner_id'))))
    .executeTakeFirst();
  const interrupted = ids.length === 0 ? [] : await listEditions(db, { ids: ids.map((row) => row.id) });
  return { dead, interrupted, released: Number(released.numDeletedRows) };
}
