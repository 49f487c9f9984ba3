// Header values. Every one that holds dump or subscriber text goes through
// headerText, so a title with a newline can never start a header of its own.

import { createHash } from 'node:crypto';
import addressparser from 'nodemailer/lib/addressparser/index.js';
import { PaperboyError } from '../errors.js';
import type { Digest } from '../types.js';

export interface Sender {
  /** The display name of `delivery.from`, e.g. `Paperboy`; the brand in every message. */
  brand: string;
  address: string;
  domain: string;
  /** `"Paperboy" <digest@example.org>` */
  from: string;
}

/** Collapses control characters (CR, LF, tab, NUL, …) and runs of spaces to one space. */
export function headerText(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\s]+/g, ' ').trim();
}

/** `"Ada Lovelace" <ada@example.org>`: the name quoted, its quotes and backslashes escaped; non-ASCII is encoded later by MIME. */
export function formatAddress(name: string | null, address: string): string {
  const cleanAddress = address.replace(/[\s<>"\u0000-\u001f\u007f]/g, '');
  const cleanName = headerText(name ?? '');
  return cleanName ? `"${cleanName.replace(/[\\"]/g, '\\$&')}" <${cleanAddress}>` : cleanAddress;
}

export function parseSender(from: string): Sender {
  const [first] = addressparser(headerText(from), { flatten: true });
  const address = first?.address ?? '';
  const at = address.lastIndexOf('@');
  if (!first || at < 1 || at === address.length - 1 || /[\s<>]/.test(address)) {
    throw new PaperboyError(
      'PB_CONFIG_KEY',
      `delivery.from: ${JSON.stringify(from)} is not an email address — write it like "Paperboy <digest@example.org>"`,
    );
  }
  const brand = headerText(first.name) || 'Paperboy';
  return { brand, address, domain: address.slice(at + 1).toLowerCase(), from: formatAddress(brand, address) };
}

/** Deterministic, so a resent edition keeps its Message-ID: `<hex.daily@example.org>`. */
export function messageId(digest: Pick<Digest, 'key' | 'kind' | 'subscriber'>, domain: string): string {
  const hash = createHash('sha256').update(`${digest.key}\n${digest.subscriber.id}`).digest('hex').slice(0, 32);
  return `<${hash}.${digest.kind}@${domain}>`;
}

/** `Paperboy digests <digest.example.org>` (RFC 2919): the from address turned into a list name. */
export function listId(sender: Sender): string {
  const local = sender.address.slice(0, sender.address.lastIndexOf('@')).toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  const phrase = `${sender.brand} digests`;
  const quoted = /^[A-Za-z0-9 !#$%&'*+/=?^_`{|}~-]+$/.test(phrase) ? phrase : `"${phrase.replace(/[\\"]/g, '\\$&')}"`;
  return `${quoted} <${local ? `${local}.` : ''}${sender.domain}>`;
}

/** Both ways out (RFC 2369): the one-click https link and a mailto: for clients that only do mail. */
export function listUnsubscribe(unsubscribeUrl: string, token: string, domain: string): string {
  return `<${unsubscribeUrl}>, <mailto:unsubscribe@${domain}?subject=unsubscribe%20${encodeURIComponent(token)}>`;
}
