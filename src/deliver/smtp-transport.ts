import type { Message } from '../types.js';
import type { SmtpOptions } from './smtp-mailer.js';
import { SmtpThread } from './smtp-thread.js';
import type { Accepted, MailTransport } from './transport.js';

export type { SmtpOptions } from './smtp-mailer.js';

/**
 * A pooled SMTP transport: at most `maxConnections` connections, shared rate
 * limit. The pool runs in a thread of its own (smtp-thread.ts), which loads
 * nodemailer: the command's own thread never does (see eml.ts).
 */
export class SmtpTransport implements MailTransport {
  readonly label: string;
  readonly #thread: SmtpThread;

  constructor(options: SmtpOptions) {
    this.label = redact(options.url);
    this.#thread = new SmtpThread(options);
  }

  send(message: Message, date: Date): Promise<Accepted> {
    return this.#thread.send(message, date);
  }

  prepare(): void {
    this.#thread.prepare();
  }

  connectAhead(messages: number): void {
    this.#thread.connect(messages);
  }

  async close(): Promise<void> {
    await this.#thread.closed();
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
