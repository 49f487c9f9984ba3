// vitest globalSetup: the PostgreSQL server the store tests run against,
// once per test run. PAPERBOY_TEST_DATABASE_URL names one (a superuser's
// URL: the tests create a database each); without it, a throwaway cluster is
// started from the installed binaries (/usr/lib/postgresql/*/bin) on a free
// port and removed afterwards. With CI=true, no server is an error: the
// PostgreSQL tests never skip there.
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A superuser's URL on the test server, or null when there is none (then PostgreSQL tests skip). */
    postgresUrl: string | null;
    /** Why there is no server, for the skip message. */
    postgresMissing: string;
  }
}

let stop: (() => void) | null = null;

/** A throwaway cluster: its superuser's URL, and its server stopped and started again (a restart, as an operator's), or removed. */
export interface Cluster {
  url: string;
  halt(): void;
  resume(): void;
  remove(): void;
}

export async function setup(project: TestProject): Promise<void> {
  const given = process.env.PAPERBOY_TEST_DATABASE_URL;
  if (given) {
    project.provide('postgresUrl', given);
    project.provide('postgresMissing', '');
    return;
  }
  const initdb = installedInitdb();
  if (!initdb) {
    const why = 'no PostgreSQL server: set PAPERBOY_TEST_DATABASE_URL, or install Debian\'s postgresql package (its initdb and pg_ctl start a throwaway cluster)';
    if (process.env.CI === 'true') throw new Error(`${why} — with CI=true the PostgreSQL tests may not skip`);
    project.provide('postgresUrl', null);
    project.provide('postgresMissing', why);
    return;
  }
  const cluster = await startCluster(join(initdb, '..'));
  stop = cluster.remove;
  project.provide('postgresUrl', cluster.url);
  project.provide('postgresMissing', '');
}

export function teardown(): void {
  stop?.();
}

/** The newest /usr/lib/postgresql/<version>/bin/initdb, if any. */
export function installedInitdb(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  return readdirSync(root)
    .filter((version) => /^\d+$/.test(version))
    .sort((a, b) => Number(a) - Number(b))
    .map((version) => join(root, version, 'bin', 'initdb'))
    .filter((path) => existsSync(path))
    .pop();
}

export async function startCluster(bin: string): Promise<Cluster> {
  const dir = mkdtempSync(join(tmpdir(), 'pb-postgres-'));
  const password = randomBytes(12).toString('hex');
  const port = await freePort();
  // initdb refuses to run as root (CI runs as root): then the cluster belongs to the postgres user.
  const asRoot = userInfo().uid === 0;
  const run = (command: string, args: string[]) =>
    execFileSync(asRoot ? 'runuser' : command, asRoot ? ['-u', 'postgres', '--', command, ...args] : args, { stdio: 'pipe' });
  if (asRoot) {
    const { uid, gid } = postgresUser();
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, password);
  if (asRoot) chownSync(pwfile, postgresUser().uid, postgresUser().gid);
  const data = join(dir, 'data');
  run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', `--pwfile=${pwfile}`, '--auth-local=trust', '--auth-host=scram-sha-256', '--locale=C', '-E', 'UTF8']);
  // A throwaway cluster: no fsync, and its socket in its own folder.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  const start = () => run(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'log'), '-o', options, '-w', 'start']);
  const halt = () => run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']);
  start();
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    halt,
    resume: start,
    remove: () => {
      try {
        run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // Already stopped.
      } finally {
        if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

function postgresUser(): { uid: number; gid: number } {
  const [uid, gid] = execFileSync('id', ['-u', 'postgres']).toString().trim().split(/\s+/).concat(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid: Number(uid), gid: Number(gid) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
