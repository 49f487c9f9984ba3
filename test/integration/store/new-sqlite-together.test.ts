import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { lostMigrationRace, openDatabase, pendingMigrations, type Db } from '../../../src/store/database.js';
import { tempDir } from '../../helpers/temp.js';

const opened: Db[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.destroy();
});

it('a new SQLite store opened by several processes at once is migrated once, and every one of them can use it', async () => {
  for (let round = 0; round < 3; round++) {
    const path = join(tempDir('pb-together-'), 'store.db');
    // Separate connections, their migrations interleaved at every await, as processes' would be.
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => openDatabase(path)));
    for (const result of results) if (result.status === 'fulfilled') opened.push(result.value);
    expect(results.map((result) => (result.status === 'rejected' ? String(result.reason) : 'opened'))).toEqual(['opened', 'opened', 'opened', 'opened']);
    for (const db of opened) expect(await pendingMigrations(db, path)).toEqual([]);
    const applied = await opened[0].selectFrom('kysely_migration' as never).select('name' as never).execute();
    expect(new Set(applied.map((row) => (row as { name: string }).name)).size).toBe(applied.length);
  }
});

it('counts a migration another process recorded first as a race to retry, not as a store of a newer version', () => {
  const failed = (cause: string) => new Error('migration failed', { cause: new Error(cause) });
  // A migration that creates nothing that could clash (008) fails the second process only when it records its name.
  expect(lostMigrationRace(failed('UNIQUE constraint failed: kysely_migration.name'))).toBe(true);
  expect(lostMigrationRace(failed('table papers already exists'))).toBe(true);
  expect(lostMigrationRace(failed('database is locked'))).toBe(true);
  expect(lostMigrationRace(failed('UNIQUE constraint failed: subscribers.email'))).toBe(false);
  expect(lostMigrationRace(failed('no such table: papers'))).toBe(false);
  expect(lostMigrationRace(new Error('no cause'))).toBe(false);
});
