// A Message as a complete MIME message (RFC 5322, CRLF): multipart/alternative
// with the text part first and the HTML part second, both UTF-8 in
// quoted-printable. The one MIME path: the SMTP pool sends these bytes as
// they are, the file outbox writes them and `preview --format eml` prints them.
//
// Headers are few and small, so they go through nodemailer's own encoding
// (addresses parsed and punycoded, RFC 2047 encoded words, folding) to read
// exactly as before; the bodies are most of the bytes and have an encoder
// of their own (quoted-printable.ts).

import { createHash } from 'node:crypto';
import { foldLines } from 'nodemailer/lib/mime-funcs/index.js';
import MimeNode from 'nodemailer/lib/mime-node/index.js';
import type { Message, OutgoingMessage } from '../types.js';
import { encodeQuotedPrintableInto, maxQuotedPrintableLength } from './quoted-printable.js';

// Encodes as the top node of nodemailer's messages did (textEncoding 'Q', as
// toEml and the transports asked for). It holds no state between calls, so
// one is made, not one per header.
const HEADER_ENCODER = new MimeNode(false, { textEncoding: 'Q' });

/** Written from the Message's own fields; an extra header of the same name would make a second one. */
const OWN_HEADERS = new Set(['from', 'to', 'subject', 'message-id', 'date', 'mime-version', 'content-type', 'content-transfer-encoding']);

/**
 * The whole message, ready for SMTP or a file. One buffer sized for the worst
 * case is written once (no concatenation); the result is a view of it.
 */
export function buildMime(message: OutgoingMessage, date: Date): Buffer {
  const boundary = boundaryFor(message.messageId);
  const head = `${headerBlock(message, date, boundary)}\r\n\r\n--${boundary}\r\n${partHeaders('text/plain')}`;
  const middle = `\r\n--${boundary}\r\n${partHeaders('text/html')}`;
  const end = `\r\n--${boundary}--\r\n`;
  const out = scratch(Buffer.byteLength(head) + Buffer.byteLength(middle) + end.length + maxQuotedPrintableLength(maxUtf8(message.text)) + maxQuotedPrintableLength(maxUtf8(message.html)));
  let o = out.write(head, 0);
  o = encodeQuotedPrintableInto(utf8(message.text), out, o);
  o += out.write(middle, o);
  o = encodeQuotedPrintableInto(utf8(message.html), out, o);
  o += out.write(end, o, 'latin1');
  // Only the bytes written leave: the worst-case buffers stay here for the next message.
  return Buffer.from(out.subarray(0, o));
}

/**
 * Working buffers, reused from one message to the next. A digest needs
 * several hundred KB of worst-case room for its ~70 KB: allocated per
 * message, at hundreds of messages a second, that garbage grew the process
 * past a gigabyte before the collector caught up. buildMime is synchronous, so one set per thread
 * is never shared.
 */
let encoded = Buffer.alloc(0);
let source = Buffer.alloc(0);

function scratch(length: number): Buffer {
  if (encoded.length < length) encoded = Buffer.allocUnsafeSlow(Math.max(length, 2 * encoded.length));
  return encoded;
}

/** The UTF-8 bytes of a body: as they are, or encoded into the reused source buffer (valid until the next call). */
function utf8(body: string | Uint8Array): Uint8Array {
  if (typeof body !== 'string') return body;
  const text = body;
  if (source.length < 3 * text.length) source = Buffer.allocUnsafeSlow(Math.max(3 * text.length, 2 * source.length));
  return source.subarray(0, source.write(text, 0, 'utf8'));
}

/** The most bytes a body can take in UTF-8: 3 per UTF-16 unit of text. */
function maxUtf8(body: string | Uint8Array): number {
  return typeof body === 'string' ? 3 * body.length : body.length;
}

/**
 * The message with its bodies as UTF-8 bytes, each in a buffer of its own.
 * A run keeps its messages this way while they wait for a connection and
 * while they are sent (a retry needs them): out of the JS heap, the ~75 KB
 * of each is not copied by every young-generation collection it lives
 * through, and it crosses to the SMTP thread as one copy of its bytes.
 */
export function withUtf8Bodies(message: Message): OutgoingMessage {
  return { ...message, html: UTF8.encode(message.html), text: UTF8.encode(message.text) };
}

const UTF8 = new TextEncoder();

/**
 * Same for the same message, so a resent edition is byte-for-byte the same.
 * It can never occur in a body: it holds "=_", and quoted-printable writes
 * every "=" of the text as "=3D" and puts only hex digits after its own.
 */
export function boundaryFor(messageId: string): string {
  return `=_pb_${createHash('sha256').update(messageId).digest('hex').slice(0, 32)}`;
}

/** The top-level headers, in the order nodemailer wrote them: the extra ones first, Content-Type last. */
function headerBlock(message: OutgoingMessage, date: Date, boundary: string): string {
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

/**
 * One header, folded at 76 characters; empty when the value is. CR and LF in
 * a value become spaces (nodemailer), and a fold is always followed by a
 * space, so no value can start a header of its own.
 */
function header(name: string, value: string): string {
  const encoded = HEADER_ENCODER.encodeHeaderValue(name, value);
  if (!encoded.trim()) return '';
  return foldLines(`${name}: ${encoded}`, 76).replace(/\r\n(?![ \t])/g, '\r\n ');
}

/** A field name is printable ASCII without the colon; anything else would end it early. */
function fieldName(key: string): string {
  return key.replace(/[^!-9;-~]/g, '');
}

function partHeaders(type: 'text/plain' | 'text/html'): string {
  return `Content-Type: ${type}; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n`;
}
