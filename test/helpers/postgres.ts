// Stores for the tests, on both engines: every store test runs once on
// SQLite and once on PostgreSQL (the server of postgres-server.ts, a fresh
// database for each store a test asks for).
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, describe, inject } from 'vitest';
import { connectStore, migrateStore, openDatabase, type Db, type Engine } from '../../src/store/database.js';
import { tempDir } from './temp.js';

export const ENGINES: readonly Engine[] = ['sqlite', 'postgres'];

/** The test server's superuser URL, or null (PostgreSQL tests then skip, never under CI: see postgres-server.ts). */
export function postgresUrl(): string | null {
  return inject('postgresUrl');
}

const created: string[] = [];

/** A new, empty database on the test server (no schema), as a URL with the server's credentials. */
export async function freshPostgresDatabase(): Promise<string> {
  const admin = postgresUrl();
  if (!admin) throw new Error(inject('postgresMissing'));
  const name = `pb_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    // Byte order, as SQLite compares text, whatever the server's default locale.
    await client.query(`create database ${name} template template0 encoding 'UTF8' lc_collate 'C' lc_ctype 'C'`);
  } finally {
    await client.end();
  }
  created.push(name);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops the databases this test file made (they would pile up on a shared server). */
export async function dropPostgresDatabases(): Promise<void> {
  const admin = postgresUrl();
  if (!admin || created.length === 0) return;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    for (const name of created.splice(0)) await client.query(`drop database if exists ${name} with (force)`);
  } finally {
    await client.end();
  }
}

export interface StoreFactory {
  engine: Engine;
  /** Where a new store lives: a SQLite file path, or the URL of a new PostgreSQL database; migrated unless told not to. */
  location(options?: { migrated?: boolean }): Promise<string>;
  /** Opens a store at `location` (a new one when none is given), closed after the test. */
  open(location?: string): Promise<Db>;
  /** Brings an older store up to date as an operator would (SQLite: opening it; PostgreSQL: `paperboy migrate`) and opens it. */
  upgrade(location: string): Promise<Db>;
}

/**
 * Declares the tests `body` declares once per engine, each in a
 * `describe('on sqlite' | 'on postgres')`. Without a PostgreSQL server
 * (and only outside CI) the PostgreSQL half skips, saying why.
 */
export function forEachStore(body: (store: StoreFactory) => void): void {
  describe.each(ENGINES)('on %s', (engine) => {
    const skip = engine === 'postgres' && postgresUrl() === null;
    if (skip) console.warn(`PostgreSQL store tests skipped: ${inject('postgresMissing')}`);
    const opened: Db[] = [];
    afterEach(async () => {
      for (const db of opened.splice(0)) await db.destroy();
    });
    afterAll(dropPostgresDatabases);
    const store: StoreFactory = {
      engine,
      async location(options = {}) {
        if (engine === 'sqlite') return join(tempDir('pb-store-'), 'store.db');
        const url = await freshPostgresDatabase();
        if (options.migrated !== false) {
          const db = await connectStore(url);
          try {
            await migrateStore(db, url);
          } finally {
            await db.destroy();
          }
        }
        return url;
      },
      async open(location) {
        const db = await openDatabase(location ?? (await store.location()));
        opened.push(db);
        return db;
      },
      async upgrade(location) {
        if (engine === 'postgres') {
          const db = await connectStore(location);
          try {
            await migrateStore(db, location);
          } finally {
            await db.destroy();
          }
        }
        return store.open(location);
      },
    };
    if (skip) describe.skip('without a PostgreSQL server', () => body(store));
    else body(store);
  });
}
