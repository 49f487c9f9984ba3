// A Message as a complete MIME message, optionally DKIM-signed: what the
// file outbox writes and `paperboy preview --format eml` prints. The bytes
// are the SMTP transport's own (buildMime), so the preview is exactly what a
// subscriber gets.
//
// MIME and DKIM are loaded when first needed: they load nodemailer, and with
// it Node's tls, http and dns, which a command would otherwise load as it
// starts. A run that sends over SMTP builds its MIME in the SMTP thread,
// which loads them on its own, so its main thread never does.

import type { DkimOptions } from './mail-options.js';
import type { Message } from '../types.js';

export interface EmlOptions {
  /** The Date header; defaults to `message.date` (the digest's instant). */
  date?: Date;
  dkim?: DkimOptions;
}

export async function toEml(message: Message, options: EmlOptions = {}): Promise<Buffer> {
  const { buildMime } = await import('./mime.js');
  const raw = buildMime(message, options.date ?? (message.date ? new Date(message.date) : new Date()));
  if (!options.dkim) return raw;
  const { signDkim } = await import('./mail-options.js');
  return signDkim(raw, options.dkim);
}
