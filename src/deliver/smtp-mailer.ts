// The nodemailer pool behind SmtpTransport, wherever it runs: in the
// caller's thread, or in the SMTP thread (smtp-worker.ts).

import nodemailer from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser/index.js';
import type { Message } from '../types.js';
import { dkimOptions, type DkimOptions } from './mail-options.js';
import { installFastDotStuffing } from './dot-stuffing.js';
import { buildMime } from './mime.js';
import type { Accepted } from './transport.js';

export interface SmtpOptions {
  url: string;
  maxConnections: number;
  /** Messages per second over all connections. */
  rateLimit: number;
  dkim?: DkimOptions;
  /** Milliseconds without an answer before a send fails as temporary. */
  socketTimeout?: number;
}

export interface Mailer {
  send(message: Message, date: Date): Promise<Accepted>;
  close(): void;
}

/** A pooled SMTP client: at most `maxConnections` connections, shared rate limit. */
export function createMailer(options: SmtpOptions): Mailer {
  installFastDotStuffing();
  const mailer = nodemailer.createTransport({
    url: options.url,
    pool: true,
    maxConnections: options.maxConnections,
    maxMessages: Infinity,
    rateDelta: 1000,
    rateLimit: options.rateLimit,
    socketTimeout: options.socketTimeout ?? 60_000,
    greetingTimeout: 15_000,
    connectionTimeout: 15_000,
    // Signs the raw message as it streams out, the headers as we wrote them.
    dkim: options.dkim ? dkimOptions(options.dkim) : undefined,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    async send(message, date) {
      // The message goes as finished bytes (mime.ts): nodemailer encodes
      // nothing, it only signs (DKIM) and dot-stuffs them on the way out.
      const info = await mailer.sendMail({ envelope: envelopeOf(message), raw: buildMime(message, date) });
      const response = String((info as { response?: string }).response ?? '250');
      return { code: Number.parseInt(response, 10) || 250, response };
    },
    close: () => mailer.close(),
  };
}

/** MAIL FROM and RCPT TO: the addresses of the From and To headers, one recipient per message. */
export function envelopeOf(message: Pick<Message, 'from' | 'to'>): { from: string; to: string[] } {
  return { from: addressOf(message.from), to: [addressOf(message.to)] };
}

/** `"Ada" <ada@example.org>` → `ada@example.org`; left as it is when it holds no address, for nodemailer to refuse. */
function addressOf(value: string): string {
  const [first] = addressparser(value, { flatten: true });
  return first?.address || value;
}
