import nodemailer from 'nodemailer';
import type { Message } from '../types.js';
import { dkimOptions, mailOptions, type DkimOptions } from './mail-options.js';
import type { Accepted, MailTransport } from './transport.js';

export interface SmtpOptions {
  url: string;
  maxConnections: number;
  /** Messages per second over all connections. */
  rateLimit: number;
  dkim?: DkimOptions;
  /** Milliseconds without an answer before a send fails as temporary. */
  socketTimeout?: number;
}

/** A pooled SMTP transport: at most `maxConnections` connections, shared rate limit. */
export class SmtpTransport implements MailTransport {
  readonly label: string;
  readonly #mailer: ReturnType<typeof nodemailer.createTransport>;

  constructor(options: SmtpOptions) {
    this.label = redact(options.url);
    this.#mailer = nodemailer.createTransport({
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
  }

  async send(message: Message, date: Date): Promise<Accepted> {
    const info = await this.#mailer.sendMail(mailOptions(message, date));
    const response = String((info as { response?: string }).response ?? '250');
    return { code: Number.parseInt(response, 10) || 250, response };
  }

  async close(): Promise<void> {
    this.#mailer.close();
  }
}

/** The URL without its password, for logs and error messages. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return 'smtp://(unparseable URL)';
  }
}
