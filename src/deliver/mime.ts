// A Message as a complete MIME message (RFC 5322, CRLF): multipart/alternative
// with the text part first and the HTML part second, both UTF-8. The one
// MIME path: the SMTP pool sends these bytes as they are, the file outbox
// writes them and `preview --format eml` prints them.
//
// Headers are few and small, so they go through nodemailer's own encoding
// (addresses parsed and punycoded, RFC 2047 encoded words, folding) to read
// exactly as before; the bodies are most of the bytes and have encoders of
// their own: the HTML as it is when it is ASCII (seven-bit.ts; our renderer
// writes it so), else quoted-printable (quoted-printable.ts), as the text
// always goes.

import { createHash } from 'node:crypto';
import { foldLines } from 'nodemailer/lib/mime-funcs/index.js';
import MimeNode from 'nodemailer/lib/mime-node/index.js';
import { remembering } from '../remember.js';
import type { Message } from '../types.js';
import { encodeQuotedPrintableTextInto, maxQuotedPrintableLength } from './quoted-printable.js';
import { sevenBitBody } from './seven-bit.js';

// Encodes as the top node of nodemailer's messages did (textEncoding 'Q', as
// toEml and the transports asked for). It holds no state between calls, so
// one is made, not one per header.
const HEADER_ENCODER = new MimeNode(false, { textEncoding: 'Q' });

/** Written from the Message's own fields; an extra header of the same name would make a second one. */
const OWN_HEADERS = new Set(['from', 'to', 'subject', 'message-id', 'date', 'mime-version', 'content-type', 'content-transfer-encoding']);

/**
 * The whole message, ready for SMTP or a file, written once (no
 * concatenation) into room for the worst case; the result is a view of it.
 */
export function buildMime(message: Message, date: Date): Buffer {
  const boundary = boundaryFor(message.messageId);
  const html = sevenBitBody(message.html, boundary);
  const head = `${headerBlock(message, date, boundary)}\r\n\r\n--${boundary}\r\n${partHeaders('text/plain', 'quoted-printable')}`;
  const middle = `\r\n--${boundary}\r\n${partHeaders('text/html', html === null ? 'quoted-printable' : '7bit')}`;
  const end = `\r\n--${boundary}--\r\n`;
  // Worst cases: 3 UTF-8 bytes per UTF-16 unit, then quoted-printable's own.
  const worst =
    Buffer.byteLength(head) +
    Buffer.byteLength(middle) +
    end.length +
    maxQuotedPrintableLength(3 * message.text.length) +
    (html === null ? maxQuotedPrintableLength(3 * message.html.length) : html.length);
  const { buffer: out, start } = room(worst);
  let o = start + out.write(head, start);
  o = encodeQuotedPrintableTextInto(message.text, out, o);
  o += out.write(middle, o);
  o = html === null ? encodeQuotedPrintableTextInto(message.html, out, o) : o + out.write(html, o, 'latin1');
  o += out.write(end, o, 'latin1');
  return taken(out, start, o);
}

/**
 * Messages are written one after another into a shared slab, each its own
 * view of it: no allocation and no copy per message. A digest needs
 * several times its size in worst-case room; allocated per message, at
 * hundreds of messages a second, that garbage outruns the collector, and
 * copying each out of one working buffer would be a second pass over every
 * byte. A slab is let go when the last message written into it is.
 * buildMime is synchronous, so one slab per thread is never shared.
 */
const SLAB = 2 * 1024 * 1024;
let slab = Buffer.alloc(0);
let used = 0;

/** A buffer with `length` bytes free from `start`. */
function room(length: number): { buffer: Buffer; start: number } {
  if (slab.length - used < length) {
    slab = Buffer.allocUnsafeSlow(Math.max(SLAB, length));
    used = 0;
  }
  return { buffer: slab, start: used };
}

/** The bytes written from `start` to `end`, kept: the next message goes after them. */
function taken(buffer: Buffer, start: number, end: number): Buffer {
  // Aligned to 8, as Buffer's own pool does.
  used = (end + 7) & ~7;
  return buffer.subarray(start, end);
}

/**
 * Same for the same message, so a resent edition is byte-for-byte the same.
 * It can never occur in a body: it holds "=_", quoted-printable writes every
 * "=" of the text as "=3D" and puts only hex digits after its own, and a
 * 7bit body that holds it goes in quoted-printable.
 */
export function boundaryFor(messageId: string): string {
  return `=_pb_${createHash('sha256').update(messageId).digest('hex').slice(0, 32)}`;
}

/** The top-level headers, in the order nodemailer wrote them: the extra ones first, Content-Type last. */
function headerBlock(message: Message, date: Date, boundary: string): string {
  if (Number.isNaN(date.getTime())) throw new RangeError(`the Date header of ${message.messageId} is not a valid date`);
  const lines: string[] = [];
  for (const [key, value] of Object.entries(message.headers)) {
    const name = fieldName(key);
    if (name && !OWN_HEADERS.has(name.toLowerCase())) lines.push(header(name, value));
  }
  lines.push(
    header('From', message.from),
    header('To', message.to),
    header('Subject', message.subject),
    header('Message-ID', message.messageId),
    `Date: ${date.toUTCString().replace(/GMT$/, '+0000')}`,
    'MIME-Version: 1.0',
    header('Content-Type', `multipart/alternative; boundary="${boundary}"`),
  );
  return lines.filter(Boolean).join('\r\n');
}

/** Headers whose value is the same in every message of a run: encoded once. */
const CONSTANT_HEADERS = new Map(['From', 'List-Id', 'List-Unsubscribe-Post'].map((name) => [name, remembering((value) => encodeHeader(name, value), 100)]));

/**
 * One header, folded at 76 characters; empty when the value is. CR and LF in
 * a value become spaces (nodemailer), and a fold is always followed by a
 * space, so no value can start a header of its own.
 */
function header(name: string, value: string): string {
  const constant = CONSTANT_HEADERS.get(name);
  return constant ? constant(value) : encodeHeader(name, value);
}

function encodeHeader(name: string, value: string): string {
  const encoded = HEADER_ENCODER.encodeHeaderValue(name, value);
  if (!encoded.trim()) return '';
  return foldLines(`${name}: ${encoded}`, 76).replace(/\r\n(?![ \t])/g, '\r\n ');
}

/** A field name is printable ASCII without the colon; anything else would end it early. */
function fieldName(key: string): string {
  return key.replace(/[^!-9;-~]/g, '');
}

function partHeaders(type: 'text/plain' | 'text/html', encoding: 'quoted-printable' | '7bit'): string {
  return `Content-Type: ${type}; charset=utf-8\r\nContent-Transfer-Encoding: ${encoding}\r\n\r\n`;
}
