import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { processLiveness } from '../../../src/liveness.js';
import {
  claimBuilds,
  claimEdition,
  claimWaiting,
  listRunners,
  releaseBuilds,
  waitingEditionIds,
  openDatabase,
  recoverDeadRunners,
  registerRunner,
  removeRunner,
  renewRunner,
  upsertSubscribers,
  type Db,
} from '../../../src/store/index.js';
import { makeSubscribers } from '../../helpers/app.js';
import { tempDir } from '../../helpers/temp.js';

const T0 = new Date('2026-11-24T10:00:00Z');
const later = (ms: number) => new Date(T0.getTime() + ms);
const TTL = 30_000;
const open: Db[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await db.destroy();
});

/** Two connections to one store file, as two processes have. */
async function twoProcesses(subscribers = 8): Promise<[Db, Db, number[]]> {
  const path = join(tempDir('pb-runners-'), 'store.db');
  const a = await openDatabase(path);
  const b = await openDatabase(path);
  open.push(a, b);
  await upsertSubscribers(a, makeSubscribers(subscribers), { now: T0, status: 'active' });
  const ids = (await a.selectFrom('subscribers').select('id').orderBy('id').execute()).map((row) => row.id);
  return [a, b, ids];
}

async function edition(db: Db, subscriberId: number, state: string, extra: { claimed_by?: string | null; next_attempt_at?: string | null } = {}): Promise<number> {
  const at = T0.toISOString();
  const row = await db
    .insertInto('editions')
    .values({ subscriber_id: subscriberId, kind: 'daily', period: '2026-11-24', state, message_id: `<${subscriberId}@test>`, created_at: at, updated_at: at, ...extra })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function stateOf(db: Db, id: number): Promise<{ state: string; claimed_by: string | null }> {
  return db.selectFrom('editions').select(['state', 'claimed_by']).where('id', '=', id).executeTakeFirstOrThrow();
}

function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString());
}

describe('runners and their claims', () => {
  it('recovery marks unknown only the sending deliveries of dead runners, and lets go of their build claims', async () => {
    const [a, b, subscribers] = await twoProcesses();
    await registerRunner(a, { id: 'live', host: hostname(), pid: process.pid, now: T0, ttlMs: TTL });
    await registerRunner(a, { id: 'expired', host: 'elsewhere', pid: 1, now: T0, ttlMs: 1000 });
    await registerRunner(a, { id: 'killed', host: hostname(), pid: deadPid(), now: T0, ttlMs: TTL });
    // Too busy to renew, but its process runs on this host: alive.
    await registerRunner(a, { id: 'busy', host: hostname(), pid: process.pid, now: T0, ttlMs: 1000 });
    const busy = await edition(a, subscribers[7], 'sending', { claimed_by: 'busy' });
    const live = await edition(a, subscribers[0], 'sending', { claimed_by: 'live' });
    const expired = await edition(a, subscribers[1], 'sending', { claimed_by: 'expired' });
    const killed = await edition(a, subscribers[2], 'sending', { claimed_by: 'killed' });
    // Claimed before runners had names (an older version that crashed).
    const nameless = await edition(a, subscribers[3], 'sending', { claimed_by: null });
    const planned = await edition(a, subscribers[4], 'planned', { claimed_by: null });
    await claimBuilds(a, 'live', [{ subscriberId: subscribers[5], kind: 'daily', period: '2026-11-24' }], T0);
    await claimBuilds(a, 'killed', [{ subscriberId: subscribers[6], kind: 'daily', period: '2026-11-24' }], T0);

    // Another process, 10 s later: the live runner renewed, the expired one did not.
    expect(await renewRunner(a, 'live', later(10_000), TTL)).toBe(true);
    const recovery = await recoverDeadRunners(b, later(10_000), (runner) => processLiveness(runner.host, runner.pid));

    expect(recovery.dead.map((runner) => runner.id).sort()).toEqual(['expired', 'killed']);
    expect(recovery.interrupted.map((e) => e.id).sort()).toEqual([expired, killed, nameless].sort());
    expect(recovery.released).toBe(1);
    expect(await stateOf(a, live)).toEqual({ state: 'sending', claimed_by: 'live' });
    expect(await stateOf(a, busy)).toEqual({ state: 'sending', claimed_by: 'busy' });
    for (const id of [expired, killed, nameless]) expect((await stateOf(a, id)).state).toBe('unknown');
    expect((await stateOf(a, planned)).state).toBe('planned');
    expect((await listRunners(a)).map((runner) => runner.id).sort()).toEqual(['busy', 'live']);
    const claims = await a.selectFrom('edition_claims').select(['subscriber_id', 'runner_id']).execute();
    expect(claims).toEqual([{ subscriber_id: subscribers[5], runner_id: 'live' }]);

    // Repeating it changes nothing; a runner found dead learns it when it renews.
    expect((await recoverDeadRunners(b, later(11_000), (runner) => processLiveness(runner.host, runner.pid))).interrupted).toEqual([]);
    expect(await renewRunner(a, 'expired', later(12_000), TTL)).toBe(false);
  });

  it('a dead runner found by two processes at once is taken over, and reported, by one', async () => {
    const [a, b] = await twoProcesses();
    await registerRunner(a, { id: 'expired', host: 'elsewhere', pid: 1, now: T0, ttlMs: 1000 });
    const [first, second] = await Promise.all([recoverDeadRunners(a, later(10_000)), recoverDeadRunners(b, later(10_000))]);
    expect([...first.dead, ...second.dead].map((runner) => runner.id)).toEqual(['expired']);
  });

  it('a runner that leaves cleanly takes its claims with it, and what it left sending is reported', async () => {
    const [a, b, subscribers] = await twoProcesses();
    await registerRunner(a, { id: 'a', host: hostname(), pid: process.pid, now: T0, ttlMs: TTL });
    await registerRunner(b, { id: 'b', host: hostname(), pid: process.pid, now: T0, ttlMs: TTL });
    const left = await edition(a, subscribers[0], 'sending', { claimed_by: 'a' });
    const other = await edition(b, subscribers[1], 'sending', { claimed_by: 'b' });
    await claimBuilds(a, 'a', [{ subscriberId: subscribers[2], kind: 'daily', period: '2026-11-24' }], T0);
    await removeRunner(a, 'a');
    const recovery = await recoverDeadRunners(a, later(1000));
    expect(recovery.interrupted.map((e) => e.id)).toEqual([left]);
    expect((await stateOf(b, other)).state).toBe('sending');
    expect(await a.selectFrom('edition_claims').selectAll().execute()).toEqual([]);
  });

  it('gives each edition to build to one runner, and none that is recorded already', async () => {
    const [a, b, subscribers] = await twoProcesses();
    const key = (i: number) => ({ subscriberId: subscribers[i], kind: 'daily' as const, period: '2026-11-24' });
    await edition(a, subscribers[6], 'empty');
    const first = await claimBuilds(a, 'a', [0, 1, 2, 3].map(key), T0);
    const second = await claimBuilds(b, 'b', [2, 3, 4, 5, 6, 7].map(key), T0);
    expect(first.map((k) => k.subscriberId)).toEqual([0, 1, 2, 3].map((i) => subscribers[i]));
    // 2 and 3 are a's; 6 was found empty before anyone claimed it.
    expect(second.map((k) => k.subscriberId)).toEqual([4, 5, 7].map((i) => subscribers[i]));
    expect(await claimBuilds(b, 'b', [0, 1].map(key), T0)).toEqual([]);
    // No claim is left on the edition found recorded: its delivery is anyone's to send.
    expect(await a.selectFrom('edition_claims').select('subscriber_id').where('subscriber_id', '=', subscribers[6]).execute()).toEqual([]);
  });

  it('gives each waiting delivery to one sender, names it, and leaves retries that are not due', async () => {
    const [a, b, subscribers] = await twoProcesses();
    const waiting = [];
    for (const id of subscribers.slice(0, 5)) waiting.push(await edition(a, id, 'planned'));
    const notDue = await edition(a, subscribers[5], 'retry', { next_attempt_at: later(60_000).toISOString() });
    const due = await edition(a, subscribers[6], 'retry', { next_attempt_at: T0.toISOString() });
    const sent = await edition(a, subscribers[7], 'sent');

    const first = await claimWaiting(a, 'a', T0, 3);
    const second = await claimWaiting(b, 'b', T0, 10);
    expect(first).toEqual(waiting.slice(0, 3));
    expect(second).toEqual([...waiting.slice(3), due]);
    expect(await claimWaiting(a, 'a', T0, 10)).toEqual([]);
    expect(await stateOf(a, waiting[0])).toEqual({ state: 'sending', claimed_by: 'a' });
    expect(await stateOf(a, due)).toEqual({ state: 'sending', claimed_by: 'b' });
    expect((await stateOf(a, notDue)).state).toBe('retry');
    expect((await stateOf(a, sent)).state).toBe('sent');
    // A planned edition whose build claim a run still holds is that run's to send, until it lets go.
    const key = { subscriberId: subscribers[5], kind: 'daily' as const, period: '2026-11-25' };
    expect(await claimBuilds(a, 'c', [key], T0)).toEqual([key]);
    const building = await a
      .insertInto('editions')
      .values({ subscriber_id: key.subscriberId, kind: key.kind, period: key.period, state: 'planned', created_at: T0.toISOString(), updated_at: T0.toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(await waitingEditionIds(b, T0)).toEqual([]);
    expect(await claimWaiting(b, 'b', T0, 10)).toEqual([]);
    await releaseBuilds(a, 'c', [key]);
    expect(await waitingEditionIds(b, T0)).toEqual([building.id]);
    expect(await claimWaiting(b, 'b', T0, 10)).toEqual([building.id]);
    // The one-by-one claim of a run names its runner too.
    expect(await claimEdition(a, notDue, T0, 'a')).toBe(true);
    expect(await stateOf(a, notDue)).toEqual({ state: 'sending', claimed_by: 'a' });
  });
});
