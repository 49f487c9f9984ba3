import { pino, type Logger } from 'pino';
import { loadSecret, readSubscriberFile, type Config } from './config/index.js';
import { createRenderer, type Renderer } from './render/index.js';
import { openDatabase, upsertSubscribers, type Db } from './store/index.js';

/** A clock as an argument, so nothing below reads the real time by itself. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface App {
  config: Config;
  db: Db;
  clock: Clock;
  log: Logger;
  close(): Promise<void>;
}

export interface AppOptions {
  clock?: Clock;
  log?: Logger;
  /** Merge the config's seed subscriber file into the store (every command does, by default). */
  seed?: boolean;
}

/** The composition root: config → store → services. The one place that wires them. */
export async function openApp(config: Config, options: AppOptions = {}): Promise<App> {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? pino({ level: 'silent' });
  const db = await openDatabase(config.storePath);
  try {
    if (options.seed !== false && config.subscribers) await seedSubscribers(db, config.subscribers, clock.now(), log);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { config, db, clock, log, close: () => db.destroy() };
}

/**
 * The seed file is merged by email on every start, so an operator edits one
 * file; the store keeps who unsubscribed or bounced even if the file lists them.
 */
async function seedSubscribers(db: Db, path: string, now: Date, log: Logger): Promise<void> {
  const inputs = readSubscriberFile(path);
  const counts = await upsertSubscribers(db, inputs, { now, status: 'active' });
  if (counts.added + counts.updated > 0) log.info({ file: path, ...counts }, 'merged seed subscribers');
}

/** The renderer for this config: templates compiled once, links signed with the secret. */
export async function createRendererFor(config: Config, log: Logger): Promise<Renderer> {
  return createRenderer({
    templatesDir: config.templates,
    publicUrl: config.web.publicUrl,
    from: config.delivery.from,
    secret: loadSecret(config, log),
  });
}
