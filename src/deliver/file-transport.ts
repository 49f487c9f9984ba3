import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Message } from '../types.js';
import { toEml } from './eml.js';
import type { DkimOptions } from './mail-options.js';
import type { Accepted, MailTransport } from './transport.js';

/**
 * The out-of-the-box transport: one `.eml` file per message, byte-for-byte
 * what the SMTP transport sends. The file is named after the Message-ID, so
 * sending the same edition again replaces its file instead of adding a
 * second one, and it is written to a temporary name first so that a reader
 * never sees half a message.
 */
export class FileTransport implements MailTransport {
  readonly label: string;
  readonly #dir: string;
  readonly #dkim: DkimOptions | undefined;

  constructor(options: { dir: string; dkim?: DkimOptions }) {
    this.#dir = options.dir;
    this.#dkim = options.dkim;
    this.label = `file:${options.dir}`;
  }

  async send(message: Message, date: Date): Promise<Accepted> {
    const raw = await toEml(message, { date, dkim: this.#dkim });
    await mkdir(this.#dir, { recursive: true });
    const name = `${fileName(message.messageId)}.eml`;
    const temporary = join(this.#dir, `.${name}.${process.pid}.tmp`);
    await writeFile(temporary, raw);
    await rename(temporary, join(this.#dir, name));
    return { code: 250, response: `250 written to ${name}` };
  }

  async close(): Promise<void> {}
}

function fileName(messageId: string): string {
  return messageId.replace(/^<|>$/g, '').replace(/[^A-Za-z0-9._@-]/g, '_');
}
