import { isIP } from 'node:net';
import { z } from 'zod';
import { validate as validateCron } from 'node-cron';
import { feedKey } from '../feed-url.js';
import { isUtcOffset } from '../time-zone.js';

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

// Asking Intl is slow next to a Map lookup, and however many people a subscribers file holds, it names a few dozen zones.
const zoneAnswers = new Map<string, boolean>();

export function isTimeZone(zone: string): boolean {
  if (isUtcOffset(zone)) return false;
  let known = zoneAnswers.get(zone);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      known = true;
    } catch {
      known = false;
    }
    if (zoneAnswers.size < 10_000) zoneAnswers.set(zone, known);
  }
  return known;
}

const cron = z.string().refine((value) => validateCron(value), {
  message: 'not a valid cron expression (5 or 6 fields, e.g. "*/5 * * * *")',
});

const hour = z.number().int().min(0).max(23);

const feedUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL of a feed' })
  // fetch() refuses them, and a URL is shown in every report and log line.
  .refine((value) => !/^[a-z]+:\/\/[^/?#]*@/i.test(value), 'must not hold a user name or password: they cannot be sent this way, and the URL shows in every report and log');

/** A feed fetched on the poll: its URL, or `{ url, name }` to show it under a name. */
const source = z.union([feedUrl, z.strictObject({ url: feedUrl, name: z.string().min(1).max(100).optional() })]);

const dkim = z.strictObject({
  domain: z.string().min(1),
  selector: z.string().min(1),
  /** A PEM key or the path of a file holding one; PAPERBOY_DKIM_KEY overrides it. */
  privateKey: z.string().min(1).optional(),
});

export const configSchema = z.strictObject({
  dumps: z
    .strictObject({
      dir: z.string().default('./dumps'),
      poll: cron.default('*/5 * * * *'),
    })
    .prefault({}),
  store: z
    .strictObject({
      url: z
        .string()
        .regex(/^(sqlite:.+|postgres(ql)?:\/\/.+)/i, 'must be sqlite:PATH (e.g. sqlite:./data/paperboy.db) or postgres://user:password@host:5432/database')
        .default('sqlite:./data/paperboy.db'),
    })
    .prefault({}),
  delivery: z
    .strictObject({
      transport: z
        .string()
        .regex(/^(file:|smtps?:\/\/)/, 'must be file:DIR, smtp://… or smtps://…')
        .default('file:./outbox'),
      from: z.string().min(3).default('Paperboy <digest@example.org>'),
      maxConnections: z.number().int().min(1).max(100).default(5),
      rateLimit: z.number().positive().default(50),
      dkim: dkim.optional(),
    })
    .prefault({}),
  web: z
    .strictObject({
      /** The address to listen on: 0.0.0.0 (every IPv4 address), ::, or one address, e.g. 127.0.0.1 behind a reverse proxy. */
      host: z
        .string()
        .refine((value) => isIP(value) !== 0 || value === 'localhost', { message: 'not an IP address — use 127.0.0.1 (this machine only), 0.0.0.0 (every address) or one of its addresses' })
        .default('0.0.0.0'),
      port: z.number().int().min(0).max(65535).default(8080),
      publicUrl: z.url().default('http://localhost:8080'),
      /** Behind a reverse proxy: trust its X-Forwarded-For, so rate limits count clients, not the proxy. */
      trustProxy: z.boolean().default(false),
    })
    .prefault({}),
  bounces: z
    .strictObject({
      /** The mailbox DSNs, complaints and unsubscribe mails arrive in; PAPERBOY_BOUNCE_IMAP_URL overrides it. */
      imap: z
        .string()
        .regex(/^imaps?:\/\/[^/]+/, 'must be imaps://user:pass@host/MAILBOX (or imap:// for a server on the same host)')
        .optional(),
      /** Where handled mail is moved (never deleted). */
      folder: z.string().min(1).default('paperboy-handled'),
      /** The local part of the VERP envelope sender: `bounces+<token>@<From domain>`. */
      localPart: z
        .string()
        .regex(/^[a-z0-9][a-z0-9._-]{0,15}$/, 'must be 1–16 lower-case letters, digits, ".", "_" or "-" (the token after "+" fills the rest of the 64 characters an address part may have)')
        .default('bounces'),
    })
    .prefault({}),
  digest: z
    .strictObject({
      daily: z.strictObject({ hour: hour.default(7) }).prefault({}),
      weekly: z
        .strictObject({ weekday: z.enum(WEEKDAYS).default('monday'), hour: hour.default(8) })
        .prefault({}),
      maxPapers: z.number().int().min(1).max(100).default(20),
      /** Papers beyond the topics a digest may suggest once a reader has liked a few; each reader can choose 0–10. */
      alsoForYou: z.number().int().min(0).max(10).default(3),
    })
    .prefault({}),
  sources: z
    .array(source)
    .superRefine((sources, context) => {
      // Fetched twice a poll, the second answer is skipped as already ingested: a copy-paste slip, said at load.
      const first = new Map<string, number>();
      sources.forEach((entry, i) => {
        const url = feedKey(typeof entry === 'string' ? entry : entry.url);
        const earlier = first.get(url);
        if (earlier === undefined) first.set(url, i);
        else context.addIssue({ code: 'custom', path: [i], message: `the same feed as sources.${earlier}: list each URL once` });
      });
    })
    .default([]),
  subscribers: z.string().optional(),
  templates: z.string().optional(),
});

export type ConfigFile = z.infer<typeof configSchema>;
