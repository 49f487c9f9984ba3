import { createHash } from 'node:crypto';
import { pino, type Logger } from 'pino';
import { loadSecret, parseSubscriberFile, readSubscriberBytes, type Config } from './config/index.js';
import { paperboyVersion } from './config/version.js';
import { SourceFetcher } from './ingest/index.js';
import type { SourcePoll } from './run/index.js';
import type { BouncePassReport } from './deliver/bounce-mailbox.js';
import { createTransport, type MailTransport } from './deliver/index.js';
import { createRenderer, type Renderer } from './render/index.js';
import { mergedSeedFile, openDatabase, recordSeedFile, seedHashesByEmail, upsertSubscribers, type Db, type SubscriberInput } from './store/index.js';

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
  /** The config's feeds and the fetcher that polls them (none: no feeds are polled). */
  sources?: SourcePoll;
  /** The renderer of this config, its templates compiled on first use. */
  renderer(): Promise<Renderer>;
  /** The mail transport of this config, made on first use (a command that sends nothing opens no connection) and closed with the app. */
  transport(): MailTransport;
  /** One pass over the bounce mailbox of this config, or null when there is none. */
  bounceMailbox(): (() => Promise<BouncePassReport>) | null;
  /** Closes the transport (letting messages in flight finish) and the store. */
  close(): Promise<void>;
}

export interface AppOptions {
  clock?: Clock;
  log?: Logger;
  /** Merge the config's seed subscriber file into the store (every command does, by default). */
  seed?: boolean;
  /** How the source fetcher waits (between retries, and for arXiv's turn); tests pass one that does not. */
  sleep?: (ms: number) => Promise<void>;
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
  return composeApp(config, db, { ...options, clock, log });
}

/**
 * The services of an app around a store already open: everything a command
 * uses is made here, and only when first asked for.
 */
export function composeApp(config: Config, db: Db, options: Omit<AppOptions, 'seed'> = {}): App {
  const log = options.log ?? pino({ level: 'silent' });
  const fetcher = new SourceFetcher({ userAgent: userAgent(config.web.publicUrl), ...(options.sleep ? { sleep: options.sleep } : {}) });
  let renderer: Promise<Renderer> | undefined;
  let transport: MailTransport | undefined;
  const app: App = {
    config,
    db,
    clock: options.clock ?? systemClock,
    log,
    sources: { list: config.sources, fetcher },
    renderer: () => (renderer ??= createRendererFor(config, log)),
    transport: () => (transport ??= createTransport(config)),
    bounceMailbox: () => bounceMailboxFor(app),
    close: async () => {
      try {
        await transport?.close();
      } finally {
        await db.destroy();
      }
    },
  };
  return app;
}

/** Who polls a feed, honestly: the program, its version, and the instance's public address. */
export function userAgent(publicUrl: string): string {
  return `paperboy/${paperboyVersion()} (+${publicUrl})`;
}

/**
 * The seed file is merged by email whenever it changed, so an operator edits
 * one file. Only the entries that changed since the last merge are applied:
 * what a subscriber set on the preferences page stays until the operator
 * edits that person's entry, and whoever unsubscribed or bounced stays so.
 */
async function seedSubscribers(db: Db, path: string, now: Date, log: Logger): Promise<void> {
  const bytes = readSubscriberBytes(path);
  const sha256 = sha256Of(bytes);
  if ((await mergedSeedFile(db, path)) === sha256) return;
  const inputs = parseSubscriberFile(bytes, path);
  const hashes = new Map(inputs.map((input) => [input.email, sha256Of(JSON.stringify(entryFields(input)))]));
  const known = await seedHashesByEmail(db);
  const changed = inputs.filter((input) => known.get(input.email) !== hashes.get(input.email));
  const counts = await upsertSubscribers(db, changed, { now, status: 'active', seedHashes: hashes });
  await recordSeedFile(db, path, sha256, now);
  const unchanged = counts.unchanged + inputs.length - changed.length;
  if (counts.added + counts.updated > 0) log.info({ file: path, ...counts, unchanged }, 'merged seed subscribers');
}

/** An entry's settings in a fixed order, so the same entry always hashes the same. */
function entryFields(input: SubscriberInput): unknown[] {
  return [input.email, input.name, input.timezone, input.frequency, input.sendHour, input.sendWeekday, input.maxPapers, input.topics.map((topic) => [topic.name, topic.query])];
}

function sha256Of(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The renderer for this config: templates compiled once, links signed with the secret. */
export async function createRendererFor(config: Config, log: Logger): Promise<Renderer> {
  return createRenderer({
    templatesDir: config.templates,
    publicUrl: config.web.publicUrl,
    from: config.delivery.from,
    secret: loadSecret(config, log),
    bounceLocalPart: config.bounces.localPart,
  });
}

/**
 * One pass over the bounce mailbox of this config, or null when there is
 * none (`bounces.imap`, PAPERBOY_BOUNCE_IMAP_URL). The IMAP client loads on
 * the first pass, not with every command.
 */
function bounceMailboxFor(app: App): (() => Promise<BouncePassReport>) | null {
  const url = app.config.bounces.imap;
  if (!url) return null;
  const secret = loadSecret(app.config, app.log);
  return async () => {
    const { readBounceMailbox } = await import('./deliver/bounce-mailbox.js');
    const { folder, localPart } = app.config.bounces;
    return readBounceMailbox({ db: app.db, url, folder, secret, localPart, now: () => app.clock.now(), log: app.log });
  };
}
