// A Message as a complete MIME message (multipart/alternative: text, then
// HTML, UTF-8), optionally DKIM-signed: what the file outbox writes, what
// `paperboy preview --format eml` prints, and what SMTP carries.

import DKIM from 'nodemailer/lib/dkim/index.js';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { Message } from '../types.js';

export interface DkimOptions {
  domainName: string;
  keySelector: string;
  /** PEM private key. */
  privateKey: string;
}

export interface EmlOptions {
  /** The Date header; defaults to `message.date` (the digest's instant). */
  date?: Date;
  dkim?: DkimOptions;
}

export async function toEml(message: Message, options: EmlOptions = {}): Promise<Buffer> {
  const composer = new MailComposer({
    from: message.from,
    to: message.to,
    subject: message.subject,
    messageId: message.messageId,
    date: options.date ?? (message.date ? new Date(message.date) : new Date()),
    text: message.text,
    html: message.html,
    headers: message.headers,
    // Digest lines are mostly ASCII; quoted-printable keeps the source readable.
    textEncoding: 'quoted-printable',
  });
  const raw = await composer.compile().build();
  return options.dkim ? sign(raw, options.dkim) : raw;
}

async function sign(raw: Buffer, dkim: DkimOptions): Promise<Buffer> {
  // nodemailer's default field list covers List-Unsubscribe and
  // List-Unsubscribe-Post, which RFC 8058 requires the signature to cover.
  const signed = new DKIM(dkim).sign(raw);
  const chunks: Buffer[] = [];
  for await (const chunk of signed) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}
