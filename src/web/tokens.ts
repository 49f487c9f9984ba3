// Signed tokens for the links in emails. A token names its purpose, the
// subscriber, an expiry and an optional small data string, and carries an
// HMAC-SHA256 of all of them, so a link can be trusted without a database
// row per link. Tokens are `<payload>.<mac>`, both base64url: URL-safe as a
// query value and as a path segment.

import { createHmac, timingSafeEqual } from 'node:crypto';
import { PaperboyError } from '../errors.js';

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
  expiresAt: Date | null;
  data?: string;
}

export interface VerifiedToken {
  subscriberId: number;
  data: string | null;
  expiresAt: Date | null;
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
  if (!Number.isSafeInteger(claims.subscriberId) || claims.subscriberId < 0) {
    throw new PaperboyError('PB_USAGE', `token subscriber id ${claims.subscriberId} is not a non-negative integer`);
  }
  const expiry = claims.expiresAt === null ? '' : String(Math.floor(claims.expiresAt.getTime() / 1000));
  // The data comes last, so it may hold any character, the separator included.
  const payload = Buffer.from(`${claims.purpose}\n${claims.subscriberId}\n${expiry}\n${claims.data ?? ''}`, 'utf8').toString('base64url');
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
  const expected = mac(secret, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw invalid('its signature does not match');
  }
  const claims = parsePayload(Buffer.from(payload, 'base64url').toString('utf8'));
  if (claims.purpose !== purpose) throw invalid(`it was made for ${claims.purpose}, not ${purpose}`);
  if (claims.expiresAt !== null && now.getTime() >= claims.expiresAt.getTime()) {
    throw new PaperboyError('PB_TOKEN_EXPIRED', `this ${purpose} link expired on ${claims.expiresAt.toISOString()} — ask for a new one`);
  }
  return { subscriberId: claims.subscriberId, data: claims.data, expiresAt: claims.expiresAt };
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

function mac(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(payload).digest();
}

function parsePayload(text: string): { purpose: string; subscriberId: number; expiresAt: Date | null; data: string | null } {
  const first = text.indexOf('\n');
  const second = text.indexOf('\n', first + 1);
  const third = text.indexOf('\n', second + 1);
  if (first < 0 || second < 0 || third < 0) throw invalid('its payload is malformed');
  const id = text.slice(first + 1, second);
  const expiry = text.slice(second + 1, third);
  if (!/^\d{1,15}$/.test(id) || !/^(\d{1,15})?$/.test(expiry)) throw invalid('its payload is malformed');
  const data = text.slice(third + 1);
  return {
    purpose: text.slice(0, first),
    subscriberId: Number(id),
    expiresAt: expiry === '' ? null : new Date(Number(expiry) * 1000),
    data: data === '' ? null : data,
  };
}

function invalid(reason: string): PaperboyError {
  return new PaperboyError('PB_TOKEN_INVALID', `this link is not valid: ${reason} — use the latest link from your email`);
}

function requireSecret(secret: string): void {
  if (typeof secret !== 'string' || secret.length < 16) {
    throw new PaperboyError('PB_CONFIG_KEY', 'PAPERBOY_SECRET: missing or shorter than 16 characters — set it to a long random string (e.g. `openssl rand -hex 32`)');
  }
}
