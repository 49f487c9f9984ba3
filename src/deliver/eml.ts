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
  const { buildMime, signDkim } = await mimeModules();
  const raw = buildMime(message, options.date ?? (message.date ? new Date(message.date) : new Date()));
  return options.dkim ? signDkim(raw, options.dkim) : raw;
}

let loading: Promise<Pick<typeof import('./mime.js'), 'buildMime'> & Pick<typeof import('./mail-options.js'), 'signDkim'>> | undefined;

/** MIME and DKIM, loaded by the first message that needs them and kept for the rest. */
function mimeModules() {
  loading ??= Promise.all([import('./mime.js'), import('./mail-options.js')]).then(([mime, dkim]) => ({ buildMime: mime.buildMime, signDkim: dkim.signDkim }));
  return loading;
}
