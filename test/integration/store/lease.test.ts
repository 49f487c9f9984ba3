import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { expect, it } from 'vitest';
import { holderIsDead } from '../../../src/schedule/scheduler.js';
import { acquireLease, leaseHolder, releaseLease, renewLease, type Db } from '../../../src/store/index.js';
import { forEachStore } from '../../helpers/postgres.js';

const T0 = new Date('2026-11-24T10:00:00Z');
const later = (ms: number) => new Date(T0.getTime() + ms);
forEachStore((store) => {
  // Two processes: two connections (pools) to one store.
  async function twoProcesses(): Promise<[Db, Db]> {
    const location = await store.location();
    return [await store.open(location), await store.open(location)];
  }

  it('is held by one holder at a time, renewed while held, and taken over once expired', async () => {
    const [a, b] = await twoProcesses();
    expect(await acquireLease(a, { name: 'scheduler', holder: 'A', ttlMs: 60_000, now: T0 })).toEqual({ acquired: true });
    const refused = await acquireLease(b, { name: 'scheduler', holder: 'B', ttlMs: 60_000, now: later(30_000) });
    expect(refused).toEqual({ acquired: false, by: { holder: 'A', acquiredAt: T0.toISOString(), expiresAt: later(60_000).toISOString() } });

    expect(await renewLease(a, { name: 'scheduler', holder: 'A', ttlMs: 60_000, now: later(50_000) })).toBe(true);
    expect((await acquireLease(b, { name: 'scheduler', holder: 'B', ttlMs: 60_000, now: later(100_000) })).acquired).toBe(false);

    // A stops renewing (it died): after expiry B takes over, and A learns it lost the lease.
    expect((await acquireLease(b, { name: 'scheduler', holder: 'B', ttlMs: 60_000, now: later(120_000) })).acquired).toBe(true);
    expect(await renewLease(a, { name: 'scheduler', holder: 'A', ttlMs: 60_000, now: later(121_000) })).toBe(false);
    expect((await leaseHolder(a, 'scheduler'))?.holder).toBe('B');
  });

  it('is released on a clean stop, and only by its holder', async () => {
    const [a, b] = await twoProcesses();
    await acquireLease(a, { name: 'scheduler', holder: 'A', ttlMs: 60_000, now: T0 });
    await releaseLease(b, 'scheduler', 'B');
    expect((await leaseHolder(a, 'scheduler'))?.holder).toBe('A');
    await releaseLease(a, 'scheduler', 'A');
    expect(await leaseHolder(a, 'scheduler')).toBeNull();
    expect((await acquireLease(b, { name: 'scheduler', holder: 'B', ttlMs: 60_000, now: later(1) })).acquired).toBe(true);
  });

  it('can be taken at once from a holder on this machine whose process is gone', async () => {
    const [a, b] = await twoProcesses();
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    await acquireLease(a, { name: 'scheduler', holder: `pid ${gone} on ${hostname()}`, ttlMs: 60_000, now: T0 });
    expect(holderIsDead(`pid ${gone} on ${hostname()}`)).toBe(true);
    expect(holderIsDead(`pid ${process.pid} on ${hostname()}`)).toBe(false);
    expect(holderIsDead(`pid ${gone} on another-host`)).toBe(false);
    const taken = await acquireLease(b, { name: 'scheduler', holder: 'B', ttlMs: 60_000, now: later(1000), isDead: holderIsDead });
    expect(taken.acquired).toBe(true);
  });

  it('goes to exactly one of many takers racing for it', async () => {
    const location = await store.location();
    const takers: Db[] = [];
    for (let i = 0; i < 6; i++) takers.push(await store.open(location));
    const results = await Promise.all(takers.map((db, i) => acquireLease(db, { name: 'scheduler', holder: `H${i}`, ttlMs: 60_000, now: T0 })));
    expect(results.filter((result) => result.acquired)).toHaveLength(1);
    const winner = (await leaseHolder(takers[0], 'scheduler'))!.holder;
    for (const result of results) if (!result.acquired) expect(result.by.holder).toBe(winner);
  });
});
