// Signed tokens for the links in emails. A token names its purpose, the
// subscriber, when it was signed, an expiry and an optional small data
// string, and carries an HMAC-SHA256 of all of them, so a link can be trusted
// without a database row per link. Tokens are `<payload>.<mac>`, both
// base64url: URL-safe as a query value and as a path segment.
//
// The subscriber and the signing instant travel as one AES block under a key
// derived from the secret: a link does not show the sequential subscriber
// id, and a reader's links can be revoked by refusing those signed before an
// instant (the store's links_valid_from). Tokens signed before this format
// carry the id in digits and no instant; they are still taken until their
// subscriber's links are first revoked.

import { createCipheriv, createDecipheriv, createHmac, timingSafeEqual } from 'node:crypto';
import { PaperboyError } from './errors.js';

export const TOKEN_PURPOSES = ['confirm', 'preferences', 'unsubscribe', 'feedback', 'feed', 'view'] as const;
export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];

const DAY_MS = 86_400_000;

/**
 * How long each kind of link stays valid; null never expires. Only the
 * confirmation link is short-lived: unsubscribe links must keep working in
 * old emails, and the others lead to nothing a stranger could misuse.
 */
export const TOKEN_LIFETIME_MS: Readonly<Record<TokenPurpose, number | null>> = {
  confirm: 7 * DAY_MS,
  preferences: null,
  unsubscribe: null,
  feedback: null,
  feed: null,
  view: null,
};

export interface TokenClaims {
  purpose: TokenPurpose;
  subscriberId: number;
  /**
   * When the link is made: a subscriber's links signed before their
   * links_valid_from are refused. Without it the link counts as made at the
   * epoch, so it stops working the first time that subscriber's links are revoked.
   */
  issuedAt?: Date;
  expiresAt: Date | null;
  data?: string;
}

export interface VerifiedToken {
  subscriberId: number;
  data: string | null;
  expiresAt: Date | null;
  /** Whole seconds; null for a token signed before tokens carried it. */
  issuedAt: Date | null;
}

/** The expiry a new token of this purpose gets when issued at `now`. */
export function tokenExpiry(purpose: TokenPurpose, now: Date): Date | null {
  const lifetime = TOKEN_LIFETIME_MS[purpose];
  return lifetime === null ? null : new Date(now.getTime() + lifetime);
}

export function signToken(secret: string, claims: TokenClaims): string {
  requireSecret(secret);
  if (!TOKEN_PURPOSES.includes(claims.purpose)) {
    throw new PaperboyError('PB_USAGE', `token purpose ${JSON.stringify(claims.purpose)} is unknown — use one of ${TOKEN_PURPOSES.join(', ')}`);
  }
  if (!Number.isSafeInteger(claims.subscriberId) || claims.subscriberId < 0 || claims.subscriberId > MAX_ID) {
    throw new PaperboyError('PB_USAGE', `token subscriber id ${claims.subscriberId} is not an integer from 0 to ${MAX_ID}`);
  }
  const expiry = claims.expiresAt === null ? '' : String(Math.floor(claims.expiresAt.getTime() / 1000));
  const subject = sealSubject(secret, claims.subscriberId, Math.max(0, Math.floor((claims.issuedAt?.getTime() ?? 0) / 1000)));
  // The data comes last, so it may hold any character, the separator included.
  const payload = Buffer.from(`${claims.purpose}\n${subject}\n${expiry}\n${claims.data ?? ''}`, 'utf8').toString('base64url');
  return `${payload}.${createHmac('sha256', secret).update(payload).digest('base64url')}`;
}

/**
 * Checks a token for one purpose at `now`. Throws PB_TOKEN_INVALID when it
 * is malformed, tampered with or made for another purpose, and
 * PB_TOKEN_EXPIRED when it is genuine but too old.
 */
export function verifyToken(secret: string, token: string, purpose: TokenPurpose, now: Date): VerifiedToken {
  requireSecret(secret);
  const [payload, signature, extra] = typeof token === 'string' ? token.split('.') : [];
  if (!payload || !signature || extra !== undefined || !BASE64URL.test(payload) || !BASE64URL.test(signature)) {
    throw invalid('it is not a paperboy token');
  }
  // Compared as text, not as decoded bytes: the last base64url character has
  // unused bits, and decoding would take four spellings of one signature.
  const expected = Buffer.from(mac(secret, payload).toString('base64url'));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw invalid('its signature does not match');
  }
  const claims = parsePayload(secret, Buffer.from(payload, 'base64url').toString('utf8'));
  if (claims.purpose !== purpose) throw invalid(`it was made for ${claims.purpose}, not ${purpose}`);
  if (claims.expiresAt !== null && now.getTime() >= claims.expiresAt.getTime()) {
    throw new PaperboyError('PB_TOKEN_EXPIRED', `this ${purpose} link expired on ${claims.expiresAt.toISOString()} — ask for a new one`);
  }
  return { subscriberId: claims.subscriberId, data: claims.data, expiresAt: claims.expiresAt, issuedAt: claims.issuedAt };
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

function mac(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(payload).digest();
}

interface Claims {
  purpose: string;
  subscriberId: number;
  issuedAt: Date | null;
  expiresAt: Date | null;
  data: string | null;
}

function parsePayload(secret: string, text: string): Claims {
  const first = text.indexOf('\n');
  const second = text.indexOf('\n', first + 1);
  const third = text.indexOf('\n', second + 1);
  if (first < 0 || second < 0 || third < 0) throw invalid('its payload is malformed');
  const subject = text.slice(first + 1, second);
  const expiry = text.slice(second + 1, third);
  if (!/^(\d{1,15})?$/.test(expiry)) throw invalid('its payload is malformed');
  const opened = /^\d{1,15}$/.test(subject) ? { subscriberId: Number(subject), issuedAt: null } : openSubject(secret, subject);
  const data = text.slice(third + 1);
  return {
    purpose: text.slice(0, first),
    ...opened,
    expiresAt: expiry === '' ? null : new Date(Number(expiry) * 1000),
    data: data === '' ? null : data,
  };
}

// The subject block: the subscriber id in 6 bytes, the signing instant in
// Unix seconds in 5, and 5 zero bytes, encrypted as one AES-128 block.
const MAX_ID = 2 ** 48 - 1;
const SUBJECT = /^[A-Za-z0-9_-]{22}$/;
let subjectKey: { secret: string; key: Buffer } | null = null;
// A message signs all its links for one subscriber at one instant: the block is encrypted once for them.
let lastSubject: { secret: string; id: number; at: number; sealed: string } | null = null;

function keyFor(secret: string): Buffer {
  if (subjectKey?.secret !== secret) subjectKey = { secret, key: createHmac('sha256', secret).update('paperboy link subject').digest().subarray(0, 16) };
  return subjectKey.key;
}

function sealSubject(secret: string, id: number, at: number): string {
  if (lastSubject && lastSubject.secret === secret && lastSubject.id === id && lastSubject.at === at) return lastSubject.sealed;
  const block = Buffer.alloc(16);
  block.writeUIntBE(id, 0, 6);
  block.writeUIntBE(Math.min(at, 2 ** 40 - 1), 6, 5);
  const cipher = createCipheriv('aes-128-ecb', keyFor(secret), null).setAutoPadding(false);
  const sealed = Buffer.concat([cipher.update(block), cipher.final()]).toString('base64url');
  lastSubject = { secret, id, at, sealed };
  return sealed;
}

function openSubject(secret: string, sealed: string): { subscriberId: number; issuedAt: Date } {
  if (!SUBJECT.test(sealed)) throw invalid('its payload is malformed');
  const decipher = createDecipheriv('aes-128-ecb', keyFor(secret), null).setAutoPadding(false);
  const block = Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]);
  // Signed, so never forged; a block that does not open to this shape was sealed under another scheme.
  if (block.length !== 16 || block.readUIntBE(11, 5) !== 0) throw invalid('its payload is malformed');
  return { subscriberId: block.readUIntBE(0, 6), issuedAt: new Date(block.readUIntBE(6, 5) * 1000) };
}

function invalid(reason: string): PaperboyError {
  return new PaperboyError('PB_TOKEN_INVALID', `this link is not valid: ${reason} — use the latest link from your email`);
}

/** Throws PB_CONFIG_KEY unless `secret` is long enough to sign links with: start-up checks it before any link is made. */
export function requireSecret(secret: string): void {
  if (typeof secret !== 'string' || secret.length < 16) {
    throw new PaperboyError('PB_CONFIG_KEY', 'PAPERBOY_SECRET: missing or shorter than 16 characters — set it to a long random string (e.g. `openssl rand -hex 32`)');
  }
}
