// VERP (variable envelope return path): each message's envelope sender names
// its delivery, `bounces+<hash>.<mac>@<From domain>`, so a bounce maps to its
// edition even when it quotes nothing of the original: a DSN goes to the
// envelope sender, whatever else it leaves out.
//
// `<hash>` is the 32 hex digits of the message's Message-ID (one per
// edition, stored with it); `<mac>` is an HMAC of it with the link secret,
// so a forged bounce fails nobody's delivery. Lower-case hex throughout:
// some servers fold the case of local parts, and a local part may hold at
// most 64 characters (RFC 5321), which a web token (~80) would not fit.

import { createHmac, timingSafeEqual } from 'node:crypto';

const MAC_HEX = 12;

/** The envelope sender of a message with this Message-ID (`<hash.kind@domain>`). */
export function verpAddress(secret: string, localPart: string, domain: string, messageId: string): string {
  const hash = messageHash(messageId);
  return `${localPart}+${hash}.${mac(secret, hash)}@${domain}`;
}

/**
 * The Message-ID hashes named by genuine VERP addresses anywhere in `text`
 * (a DSN's To or Delivered-To, the quoted original's Return-Path), each once.
 */
export function readVerp(secret: string, localPart: string, text: string): string[] {
  const pattern = new RegExp(`${escapeRegExp(localPart)}\\+([0-9a-f]{32})\\.([0-9a-f]{${MAC_HEX}})@`, 'gi');
  const found = new Set<string>();
  for (const [, hash, given] of text.matchAll(pattern)) {
    const lowerHash = hash.toLowerCase();
    const expected = Buffer.from(mac(secret, lowerHash));
    const actual = Buffer.from(given.toLowerCase());
    if (actual.length === expected.length && timingSafeEqual(actual, expected)) found.add(lowerHash);
  }
  return [...found];
}

function messageHash(messageId: string): string {
  const hash = /^<([0-9a-f]{32})\./.exec(messageId)?.[1];
  if (!hash) throw new Error(`${messageId} is not a paperboy Message-ID`);
  return hash;
}

function mac(secret: string, hash: string): string {
  return createHmac('sha256', secret).update(`verp\n${hash}`).digest('hex').slice(0, MAC_HEX);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
