import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
  writeFileSync(path, randomBytes(32).toString('hex'), { mode: 0o600 });
  log.info({ file: path }, 'PAPERBOY_SECRET is not set: generated a signing key for the demo into the data folder');
  return readFileSync(path, 'utf8').trim();
}
