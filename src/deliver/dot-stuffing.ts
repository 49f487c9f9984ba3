// On its way to the server every message goes through nodemailer's
// DataStream, which dot-stuffs lines and turns a bare CR or LF into CRLF,
// checking each byte in a JavaScript loop, a large share of the SMTP
// thread's time per message. Our messages (mime.ts)
// have CRLF line ends only and no line that starts with a dot
// (quoted-printable escapes it; a 7bit body with one is not sent 7bit), so nearly
// every chunk needs nothing done. This finds out with native searches, a
// few per line, and hands any chunk that does need work to nodemailer's own
// loop: the bytes on the wire stay exactly nodemailer's.

import DataStream from 'nodemailer/lib/smtp-connection/data-stream.js';

const CR = 0x0d;
const LF = 0x0a;
const DOT = 0x2e;

/**
 * True when DataStream would change `chunk`, given the last byte of the
 * chunk before it (false: none): a bare CR, a bare LF, or a dot at the
 * start of a line.
 */
export function needsStuffing(chunk: Uint8Array, lastByte: number | false): boolean {
  const buffer = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
  const first = buffer[0];
  if (lastByte === CR ? first !== LF : first === DOT && (lastByte === LF || lastByte === false)) return true;
  for (let at = buffer.indexOf(LF); at !== -1; at = buffer.indexOf(LF, at + 1)) {
    if ((at === 0 ? lastByte : buffer[at - 1]) !== CR || buffer[at + 1] === DOT) return true;
  }
  // A CR that ends the chunk is checked against the next chunk's first byte.
  for (let at = buffer.indexOf(CR); at !== -1 && at + 1 < buffer.length; at = buffer.indexOf(CR, at + 1)) {
    if (buffer[at + 1] !== LF) return true;
  }
  return false;
}

type Transform = (this: DataStreamState, chunk: unknown, encoding: BufferEncoding, done: (error?: Error | null) => void) => void;

interface DataStreamState {
  inByteCount: number;
  outByteCount: number;
  lastByte: number | false;
  push(chunk: Buffer): boolean;
}

const prototype = DataStream.prototype as unknown as { _transform: Transform; paperboyFastPath?: true };

/**
 * Whole messages from buildMime, which writes none that needs stuffing
 * (tested over arbitrary bodies in dot-stuffing.test.ts): the one chunk of
 * such a message goes through without even the searches.
 */
const vouched = new WeakSet<Uint8Array>();

/** Says that `message` is a whole message from buildMime, sent as one chunk. */
export function vouchForMime(message: Uint8Array): void {
  vouched.add(message);
}

/** nodemailer's own DataStream transform, kept for the chunks that need it (and for the tests). */
export const stuffSlowly: Transform = prototype._transform;

/** Installs the fast path once per process (per thread): nodemailer's DataStream is shared by every connection. */
export function installFastDotStuffing(): void {
  if (prototype.paperboyFastPath) return;
  prototype.paperboyFastPath = true;
  prototype._transform = function (chunk, encoding, done) {
    if (!Buffer.isBuffer(chunk) || chunk.length === 0) return stuffSlowly.call(this, chunk, encoding, done);
    // A vouched message starts with a header, never a dot, and is the stream's first chunk.
    const clean = vouched.has(chunk) && this.inByteCount === 0 ? true : !needsStuffing(chunk, this.lastByte);
    if (!clean) return stuffSlowly.call(this, chunk, encoding, done);
    this.inByteCount += chunk.length;
    this.outByteCount += chunk.length;
    this.lastByte = chunk[chunk.length - 1];
    this.push(chunk);
    done();
  };
}
