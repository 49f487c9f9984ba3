import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Logger } from 'pino';
import { PaperboyError } from '../errors.js';
import type { Config } from './load.js';

/**
 * The key that signs every link. PAPERBOY_SECRET wins; with the file outbox
 * (the demo), one is generated once into the data folder so that links keep
 * working across restarts. Real mail needs a secret the operator chose.
 */
export function loadSecret(config: Config, log: Logger): string {
  if (config.secret) return config.secret;
  if (!config.delivery.transport.startsWith('file:')) {
    throw new PaperboyError('PB_CONFIG_KEY', 'PAPERBOY_SECRET is not set: it signs the unsubscribe and preference links of real mail — set it to a long random string (e.g. `openssl rand -hex 32`)');
  }
  const path = join(config.dataDir, 'secret');
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  mkdirSync(dirname(path), { recursive: true });
  const { content, created } = createOnce(path, randomBytes(32).toString('hex'));
  if (created) log.info({ file: path }, 'PAPERBOY_SECRET is not set: generated a signing key for the demo into the data folder');
  return content.trim();
}

/**
 * Writes `content` to `path` unless the file exists, and returns what the
 * file holds. Two commands started together (`paperboy web &` and `paperboy
 * run`) must not each write a key of their own: the later one would replace
 * the key the first already signs and checks links with. The file appears
 * whole or not at all: it is written aside and linked into place, which
 * fails if another process got there first.
 */
export function createOnce(path: string, content: string): { content: string; created: boolean } {
  const aside = `${path}.${process.pid}.${randomBytes(6).toString('hex')}`;
  writeFileSync(aside, content, { mode: 0o600, flag: 'wx' });
  try {
    placeOnce(aside, path, content);
    return { content, created: true };
  } catch (error) {
    if (errorCode(error) !== 'EEXIST') throw error;
    return { content: readFileSync(path, 'utf8'), created: false };
  } finally {
    rmSync(aside, { force: true });
  }
}

/** Links the file written aside into place; both ways fail with EEXIST when `path` exists already. */
function placeOnce(aside: string, path: string, content: string): void {
  try {
    linkSync(aside, path);
  } catch (error) {
    // A file system without hard links: an exclusive create still lets only one writer win.
    if (!NO_HARD_LINKS.has(errorCode(error))) throw error;
    writeFileSync(path, content, { mode: 0o600, flag: 'wx' });
  }
}

const NO_HARD_LINKS = new Set<string | undefined>(['EPERM', 'ENOTSUP', 'ENOSYS']);

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}
