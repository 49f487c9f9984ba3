// The nodemailer pool behind SmtpTransport, wherever it runs: in the
// caller's thread, or in the SMTP thread (smtp-worker.ts).

import nodemailer from 'nodemailer';
import type { Message } from '../types.js';
import { dkimOptions, mailOptions, type DkimOptions } from './mail-options.js';
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
    dkim: options.dkim ? dkimOptions(options.dkim) : undefined,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    async send(message, date) {
      const info = await mailer.sendMail(mailOptions(message, date));
      const response = String((info as { response?: string }).response ?? '250');
      return { code: Number.parseInt(response, 10) || 250, response };
    },
    close: () => mailer.close(),
  };
}
