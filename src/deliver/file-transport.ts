import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { Message } from '../types.js';
import { dkimOptions, mailOptions, type DkimOptions } from './mail-options.js';
import type { Accepted, MailTransport } from './transport.js';

/**
 * The out-of-the-box transport: one `.eml` file per message. The file is
 * named after the Message-ID, so sending the same edition again replaces its
 * file instead of adding a second one, and it is written to a temporary name
 * first so that a reader never sees half a message.
 */
export class FileTransport implements MailTransport {
  readonly label: string;
  readonly #dir: string;
  readonly #composer: ReturnType<typeof nodemailer.createTransport>;

  constructor(options: { dir: string; dkim?: DkimOptions }) {
    this.#dir = options.dir;
    this.label = `file:${options.dir}`;
    this.#composer = nodemailer.createTransport({
      streamTransport: true,
      buffer: true,
      newline: 'windows',
      dkim: options.dkim ? dkimOptions(options.dkim) : undefined,
    } as Parameters<typeof nodemailer.createTransport>[0]);
  }

  async send(message: Message, date: Date): Promise<Accepted> {
    const raw = await buildRaw(this.#composer, message, date);
    await mkdir(this.#dir, { recursive: true });
    const name = `${fileName(message.messageId)}.eml`;
    const temporary = join(this.#dir, `.${name}.${process.pid}.tmp`);
    await writeFile(temporary, raw);
    await rename(temporary, join(this.#dir, name));
    return { code: 250, response: `250 written to ${name}` };
  }

  async close(): Promise<void> {}
}

/** The complete MIME message, as the SMTP transport would send it. */
export async function buildRaw(composer: ReturnType<typeof nodemailer.createTransport>, message: Message, date: Date): Promise<Buffer> {
  const info = (await composer.sendMail(mailOptions(message, date))) as { message: Buffer };
  return info.message;
}

function fileName(messageId: string): string {
  return messageId.replace(/^<|>$/g, '').replace(/[^A-Za-z0-9._@-]/g, '_');
}
