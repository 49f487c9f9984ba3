// Opening a PostgreSQL store: what an operator sees when the URL, the
// server, the password or the database is wrong (never the password), and
// `paperboy migrate`, which a PostgreSQL store needs before any other command.
import { createServer } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { isPaperboyError } from '../../../src/errors.js';
import { connectStore, describeStore, migrateStore, openDatabase, pendingMigrations } from '../../../src/store/database.js';
import { migrations } from '../../../src/store/migrations/index.js';
import { TEST_SECRET } from '../../helpers/app.js';
import { cli } from '../../helpers/cli.js';
import { dropPostgresDatabases, freshPostgresDatabase, postgresUrl } from '../../helpers/postgres.js';
import { tempDir } from '../../helpers/temp.js';

const server = postgresUrl();
const ALL = Object.keys(migrations);

async function openError(location: string): Promise<Error> {
  const error = await openDatabase(location).then(
    async (db) => {
      await db.destroy();
      return null;
    },
    (e: unknown) => e as Error,
  );
  if (!error) throw new Error(`${location} opened`);
  return error;
}

function withPassword(url: string, password: string): string {
  const changed = new URL(url);
  changed.password = password;
  return changed.toString();
}

/** A port on this host where nothing listens. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('a PostgreSQL store URL that does not lead to a store', () => {
  it('is named by host, port and database, with what to check, and never with its password', async () => {
    const port = await closedPort();
    const refused = await openError(`postgres://paperboy:Refused-Secret-1@127.0.0.1:${port}/news`);
    expect(isPaperboyError(refused) && refused.code).toBe('PB_STORE');
    expect(refused.message).toBe(`127.0.0.1:${port}/news: cannot connect to PostgreSQL (connection refused — check that the server is running and listens on that host and port)`);
    expect(JSON.stringify({ message: refused.message, cause: String(refused.cause), stack: refused.stack })).not.toContain('Refused-Secret-1');

    const unparsable = await openError('postgres://paperboy:Broken-Secret-2@[nope/news');
    expect(unparsable.message).toMatch(/^store\.url: a PostgreSQL URL that does not parse — write it like postgres:\/\/user:password@host:5432\/database/);
    expect(unparsable.message).not.toContain('Broken-Secret-2');
    expect(describeStore('postgres://u:p@db.example.org/paperboy')).toBe('db.example.org:5432/paperboy');
  });

  describe.skipIf(!server)('on the test server', () => {
    afterAll(dropPostgresDatabases);

    it('says the password is wrong without printing it, and that a database is missing', async () => {
      const location = await freshPostgresDatabase();
      const where = describeStore(location);
      const wrong = await openError(withPassword(location, 'Wrong-Secret-3'));
      expect(wrong.message).toBe(`${where}: cannot connect to PostgreSQL (password authentication failed for postgres — check the password in PAPERBOY_DATABASE_URL or store.url)`);
      expect(JSON.stringify({ message: wrong.message, cause: String(wrong.cause), stack: wrong.stack })).not.toContain('Wrong-Secret-3');

      const missing = new URL(location);
      missing.pathname = '/pb_no_such_database';
      const absent = await openError(missing.toString());
      expect(absent.message).toMatch(/\/pb_no_such_database: cannot connect to PostgreSQL \(the database does not exist — create it \(createdb\) or check its name\)$/);
      expect(absent.message).not.toContain(new URL(location).password);
    });

    it('is not migrated by opening it: every command says to run paperboy migrate, which applies each migration once', async () => {
      const location = await freshPostgresDatabase();
      const refused = await openError(location);
      expect(refused.message).toBe(`${describeStore(location)}: the store's schema is not current (${ALL.length} migrations pending: ${ALL.join(', ')}) — run "paperboy migrate" once, from one host`);

      // Two hosts migrating at once take turns (Kysely's migrator holds an advisory lock): each migration runs once.
      const [a, b] = [await connectStore(location), await connectStore(location)];
      try {
        const applied = await Promise.all([migrateStore(a, location), migrateStore(b, location)]);
        expect([...applied[0], ...applied[1]].sort()).toEqual(ALL);
        expect(await pendingMigrations(a, location)).toEqual([]);
      } finally {
        await a.destroy();
        await b.destroy();
      }
      const db = await openDatabase(location);
      await db.destroy();
    });

    it('paperboy migrate says what it applied, and the other commands then run; no log line shows the password', async () => {
      const location = await freshPostgresDatabase();
      const password = new URL(location).password;
      const dir = tempDir('pb-migrate-');
      mkdirSync(join(dir, 'dumps'));
      writeFileSync(join(dir, 'paperboy.yaml'), stringify({ dumps: { dir: './dumps' }, store: { url: 'postgres://nobody@127.0.0.1:1/ignored' } }));
      const env = { PAPERBOY_DATABASE_URL: location, PAPERBOY_SECRET: TEST_SECRET, PAPERBOY_LOG_LEVEL: 'debug' };

      const before = await cli(['status', '--json'], { cwd: dir, env });
      expect(before.code).toBe(1);
      expect(before.stderr).toContain('run "paperboy migrate" once, from one host');

      const migrate = await cli(['migrate'], { cwd: dir, env });
      expect(migrate.code).toBe(0);
      expect(migrate.stdout).toBe(`${describeStore(location)}: applied ${ALL.length} migrations: ${ALL.join(', ')}\n`);
      expect((await cli(['migrate'], { cwd: dir, env })).stdout).toBe(`${describeStore(location)}: the schema is current, nothing to apply\n`);

      const status = await cli(['status', '--json'], { cwd: dir, env });
      expect(status.code).toBe(0);
      expect(JSON.parse(status.stdout)).toMatchObject({ scheduler: null, lastIngest: null });
      const wrong = await cli(['status'], { cwd: dir, env: { ...env, PAPERBOY_DATABASE_URL: withPassword(location, 'Wrong-Secret-4') } });
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toContain('password authentication failed');
      for (const output of [before, migrate, status, wrong]) {
        expect(output.stdout + output.stderr).not.toContain(password);
        expect(output.stdout + output.stderr).not.toContain('Wrong-Secret-4');
      }
    });
  });
});
