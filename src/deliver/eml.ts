// A Message as a complete MIME message, optionally DKIM-signed: what
// `paperboy preview --format eml` prints. The bytes are the transports' own
// (buildMime), so the preview is exactly what a subscriber gets.

import { signDkim, type DkimOptions } from './mail-options.js';
import { buildMime } from './mime.js';
import type { Message } from '../types.js';

export interface EmlOptions {
  /** The Date header; defaults to `message.date` (the digest's instant). */
  date?: Date;
  dkim?: DkimOptions;
}

export async function toEml(message: Message, options: EmlOptions = {}): Promise<Buffer> {
  const raw = buildMime(message, options.date ?? (message.date ? new Date(message.date) : new Date()));
  return options.dkim ? signDkim(raw, options.dkim) : raw;
}
