import type { Message } from '../types.js';
import { createMailer, type Mailer, type SmtpOptions } from './smtp-mailer.js';
import { SmtpThread } from './smtp-thread.js';
import type { Accepted, MailTransport } from './transport.js';

export type { SmtpOptions } from './smtp-mailer.js';

/**
 * A pooled SMTP transport: at most `maxConnections` connections, shared rate
 * limit. The pool runs in a thread of its own unless `thread: false`.
 */
export class SmtpTransport implements MailTransport {
  readonly label: string;
  readonly #mailer: Mailer | SmtpThread;

  constructor(options: SmtpOptions & { thread?: boolean }) {
    const { thread = true, ...smtp } = options;
    this.label = redact(smtp.url);
    this.#mailer = thread ? new SmtpThread(smtp) : createMailer(smtp);
  }

  send(message: Message, date: Date): Promise<Accepted> {
    return this.#mailer.send(message, date);
  }

  prepare(): void {
    if (this.#mailer instanceof SmtpThread) this.#mailer.prepare();
  }

  connectAhead(messages: number): void {
    this.#mailer.connect(messages);
  }

  async close(): Promise<void> {
    if (this.#mailer instanceof SmtpThread) await this.#mailer.closed();
    else this.#mailer.close();
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
