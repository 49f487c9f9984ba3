import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPaperboyError, type ErrorCode } from '../../src/errors.js';
import { signToken, tokenExpiry, verifyToken, TOKEN_PURPOSES } from '../../src/link-tokens.js';

const SECRET = 'test-secret-0123456789abcdef';
const NOW = new Date('2026-11-24T07:00:00Z');

function codeOf(run: () => unknown): ErrorCode | 'no error' | 'other error' {
  try {
    run();
    return 'no error';
  } catch (error) {
    return isPaperboyError(error) ? error.code : 'other error';
  }
}

describe('signed tokens', () => {
  it('round-trips subscriber, data and expiry', () => {
    const expiresAt = new Date('2026-12-01T07:00:00Z');
    const token = signToken(SECRET, { purpose: 'feedback', subscriberId: 42, issuedAt: NOW, expiresAt, data: 'abc123:up' });
    expect(verifyToken(SECRET, token, 'feedback', NOW)).toEqual({ subscriberId: 42, data: 'abc123:up', expiresAt, issuedAt: NOW });
  });

  it('round-trips any data string, separators and non-ASCII included', () => {
    fc.assert(
      fc.property(fc.nat(), fc.string({ unit: 'grapheme', maxLength: 60 }), fc.constantFrom(...TOKEN_PURPOSES), (id, data, purpose) => {
        const token = signToken(SECRET, { purpose, subscriberId: id, expiresAt: null, data });
        expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
        expect(verifyToken(SECRET, token, purpose, NOW)).toEqual({ subscriberId: id, data: data === '' ? null : data, expiresAt: null, issuedAt: new Date(0) });
      }),
    );
  });

  it('rejects a token whose payload or signature was changed', () => {
    const token = signToken(SECRET, { purpose: 'unsubscribe', subscriberId: 1, expiresAt: null });
    const [payload, signature] = token.split('.');
    const otherPayload = Buffer.from('unsubscribe\n2\n\n').toString('base64url');
    expect(codeOf(() => verifyToken(SECRET, `${otherPayload}.${signature}`, 'unsubscribe', NOW))).toBe('PB_TOKEN_INVALID');
    const flipped = signature.slice(0, -2) + (signature.at(-2) === 'A' ? 'B' : 'A') + signature.at(-1);
    expect(codeOf(() => verifyToken(SECRET, `${payload}.${flipped}`, 'unsubscribe', NOW))).toBe('PB_TOKEN_INVALID');
    expect(codeOf(() => verifyToken('another-secret-0123456789', token, 'unsubscribe', NOW))).toBe('PB_TOKEN_INVALID');
  });

  it('takes one spelling of a signature: the unused bits of its last character changed are refused', () => {
    const token = signToken(SECRET, { purpose: 'unsubscribe', subscriberId: 7, issuedAt: NOW, expiresAt: null });
    const [payload, signature] = token.split('.');
    // 32 bytes are 43 base64url characters; the last carries 4 bits and 2 unused ones.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(signature.at(-1)!);
    const spellings = [0, 1, 2, 3].map((bits) => signature.slice(0, -1) + alphabet[(last & ~3) | bits]).filter((other) => other !== signature);
    expect(spellings).toHaveLength(3);
    for (const other of spellings) {
      // Each decodes to the same bytes as the genuine signature...
      expect(Buffer.from(other, 'base64url').equals(Buffer.from(signature, 'base64url'))).toBe(true);
      // ...and is refused all the same.
      expect(codeOf(() => verifyToken(SECRET, `${payload}.${other}`, 'unsubscribe', NOW))).toBe('PB_TOKEN_INVALID');
    }
    expect(codeOf(() => verifyToken(SECRET, token, 'unsubscribe', NOW))).toBe('no error');
  });

  it('does not show the subscriber id in the payload, and two subscribers look unrelated', () => {
    const payloadOf = (id: number) => Buffer.from(signToken(SECRET, { purpose: 'preferences', subscriberId: id, issuedAt: NOW, expiresAt: null }).split('.')[0], 'base64url').toString('utf8');
    const [one, two] = [payloadOf(1), payloadOf(2)];
    expect(one.split('\n')[1]).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(one).not.toMatch(/\n1\n/);
    expect(one.split('\n')[1]).not.toBe(two.split('\n')[1]);
    expect(one.split('\n')[1].slice(0, 4)).not.toBe(two.split('\n')[1].slice(0, 4));
  });

  it('still takes a token signed before tokens sealed the id, with no signing instant', () => {
    const payload = Buffer.from('unsubscribe\n12\n\n').toString('base64url');
    const signature = createHmac('sha256', SECRET).update(payload).digest('base64url');
    expect(verifyToken(SECRET, `${payload}.${signature}`, 'unsubscribe', NOW)).toEqual({ subscriberId: 12, data: null, expiresAt: null, issuedAt: null });
  });

  it('rejects malformed tokens without throwing anything else', () => {
    for (const bad of ['', '.', 'abc', 'a.b.c', 'a.b', '%%%.***', 'Zm9v.', `${Buffer.from('x').toString('base64url')}.${'A'.repeat(43)}`]) {
      expect(codeOf(() => verifyToken(SECRET, bad, 'view', NOW))).toBe('PB_TOKEN_INVALID');
    }
  });

  it('rejects a genuine token used for another purpose', () => {
    const token = signToken(SECRET, { purpose: 'preferences', subscriberId: 1, expiresAt: null });
    expect(codeOf(() => verifyToken(SECRET, token, 'unsubscribe', NOW))).toBe('PB_TOKEN_INVALID');
    expect(codeOf(() => verifyToken(SECRET, token, 'preferences', NOW))).toBe('no error');
  });

  it('reports an expired token as expired, from the expiry instant on', () => {
    const expiresAt = new Date('2026-11-24T07:00:00Z');
    const token = signToken(SECRET, { purpose: 'confirm', subscriberId: 1, expiresAt });
    expect(codeOf(() => verifyToken(SECRET, token, 'confirm', new Date('2026-11-24T06:59:58Z')))).toBe('no error');
    expect(codeOf(() => verifyToken(SECRET, token, 'confirm', expiresAt))).toBe('PB_TOKEN_EXPIRED');
  });

  it('gives confirmation links 7 days and unsubscribe links no expiry', () => {
    expect(tokenExpiry('confirm', NOW)?.toISOString()).toBe('2026-12-01T07:00:00.000Z');
    expect(tokenExpiry('unsubscribe', NOW)).toBeNull();
  });

  it('refuses to sign with a missing or short secret', () => {
    expect(codeOf(() => signToken('', { purpose: 'view', subscriberId: 1, expiresAt: null }))).toBe('PB_CONFIG_KEY');
    expect(codeOf(() => signToken('short', { purpose: 'view', subscriberId: 1, expiresAt: null }))).toBe('PB_CONFIG_KEY');
  });
});
