import type { Message } from '../types.js';
import type { Mailer, SmtpOptions } from './smtp-mailer.js';
import { SmtpThread } from './smtp-thread.js';
import type { Accepted, MailTransport } from './transport.js';

export type { SmtpOptions } from './smtp-mailer.js';

/**
 * A pooled SMTP transport: at most `maxConnections` connections, shared rate
 * limit. The pool runs in a thread of its own unless `thread: false`; in this
 * thread, it is loaded with the transport, not with the command (see eml.ts).
 */
export class SmtpTransport implements MailTransport {
  readonly label: string;
  readonly #mailer: Promise<Mailer> | SmtpThread;

  constructor(options: SmtpOptions & { thread?: boolean }) {
    const { thread = true, ...smtp } = options;
    this.label = redact(smtp.url);
    this.#mailer = thread ? new SmtpThread(smtp) : import('./smtp-mailer.js').then(({ createMailer }) => createMailer(smtp));
  }

  send(message: Message, date: Date): Promise<Accepted> {
    if (this.#mailer instanceof SmtpThread) return this.#mailer.send(message, date);
    return this.#mailer.then((mailer) => mailer.send(message, date));
  }

  prepare(): void {
    if (this.#mailer instanceof SmtpThread) this.#mailer.prepare();
  }

  connectAhead(messages: number): void {
    if (this.#mailer instanceof SmtpThread) this.#mailer.connect(messages);
    else void this.#mailer.then((mailer) => mailer.connect(messages));
  }

  async close(): Promise<void> {
    if (this.#mailer instanceof SmtpThread) await this.#mailer.closed();
    else (await this.#mailer).close();
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
