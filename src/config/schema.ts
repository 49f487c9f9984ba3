import { z } from 'zod';
import { validate as validateCron } from 'node-cron';

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

// Asking Intl costs ~0.1 ms a call; a subscribers file of 100,000 people names a few dozen zones.
const zoneAnswers = new Map<string, boolean>();

export function isTimeZone(zone: string): boolean {
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
        .regex(/^sqlite:.+/, 'must be sqlite:PATH (e.g. sqlite:./data/paperboy.db)')
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
    })
    .prefault({}),
  subscribers: z.string().optional(),
  templates: z.string().optional(),
});

export type ConfigFile = z.infer<typeof configSchema>;
