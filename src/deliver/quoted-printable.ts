// Quoted-printable (RFC 2045 §6.7) for the digest bodies, in one pass over
// the text, UTF-8 worked out on the way. nodemailer's encoder runs regular
// expressions over the text and cost more than a whole raw SMTP send per
// digest; a loop into a buffer allocated once does the same job in a small
// fraction of that.

const LITERAL = 0;
const ESCAPE = 1;
const BLANK = 2;
const CR = 3;
const LF = 4;

/** What each ASCII character needs: printable ASCII but "=" goes as it is; space and TAB only when a visible character follows. */
const CLASS = new Uint8Array(256).fill(ESCAPE);
for (let byte = 33; byte <= 126; byte++) CLASS[byte] = LITERAL;
CLASS[0x3d] = ESCAPE;
CLASS[0x20] = BLANK;
CLASS[0x09] = BLANK;
CLASS[0x0d] = CR;
CLASS[0x0a] = LF;

/** Characters a run of literal text may hold: the literal ones and blanks (a blank that turns out to end a line is taken back). */
const IN_RUN = CLASS.map((kind) => (kind === LITERAL || kind === BLANK ? 1 : 0));

const HEX = Buffer.from('0123456789ABCDEF', 'latin1');
const EQUALS = 0x3d;
const DOT = 0x2e;
/** Characters a line may hold before its soft break: with the "=", 76 (RFC 2045's limit). */
const LINE = 75;

/**
 * The most bytes `input` can take encoded: every byte as an escape of three,
 * plus a soft break ("=" CRLF) after every line, and no line is broken before
 * it holds 64 characters (a 4-byte character, 12 escaped, fails to fit in 11).
 */
export function maxQuotedPrintableLength(inputLength: number): number {
  const escaped = 3 * inputLength;
  return escaped + 3 * Math.ceil(escaped / (LINE - 11));
}

/**
 * Encodes the UTF-8 of `text` into `out` from `offset` (which must have room
 * for maxQuotedPrintableLength(3 * text.length) bytes) and returns where it
 * ended. It reads the string itself, one UTF-16 unit at a time: a body is
 * never copied into UTF-8 first, a pass over every byte of every message.
 * Line breaks of any kind (CRLF, LF, a lone CR) become CRLF hard breaks; a
 * space or TAB that ends a line or the text is escaped, so no transport can
 * strip it; the bytes of one character stay on one line, for readers that
 * decode a line at a time; a lone surrogate, which UTF-8 cannot hold, goes
 * as U+FFFD, as Buffer and TextEncoder write it.
 */
export function encodeQuotedPrintableTextInto(text: string, out: Uint8Array, offset: number): number {
  const length = text.length;
  let o = offset;
  let column = 0;
  let i = 0;
  while (i < length) {
    const unit = text.charCodeAt(i);
    if (unit >= 0x80) {
      // One character: its UTF-8 bytes escaped, kept together on one line.
      let point = unit;
      let units = 1;
      if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < length) {
        const low = text.charCodeAt(i + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          point = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
          units = 2;
        }
      }
      if (units === 1 && point >= 0xd800 && point <= 0xdfff) point = 0xfffd;
      const bytes = point < 0x800 ? 2 : point < 0x10000 ? 3 : 4;
      if (column + 3 * bytes > LINE) {
        out[o++] = EQUALS;
        out[o++] = 0x0d;
        out[o++] = 0x0a;
        column = 0;
      }
      const lead = bytes === 2 ? 0xc0 | (point >> 6) : bytes === 3 ? 0xe0 | (point >> 12) : 0xf0 | (point >> 18);
      o = escapeByte(lead, out, o);
      for (let shift = 6 * (bytes - 2); shift >= 0; shift -= 6) o = escapeByte(0x80 | ((point >> shift) & 0x3f), out, o);
      column += 3 * bytes;
      i += units;
      continue;
    }
    let kind = CLASS[unit];
    if (kind === BLANK) {
      const next = i + 1 < length ? classOfUnit(text.charCodeAt(i + 1)) : LF;
      kind = next === CR || next === LF ? ESCAPE : LITERAL;
    }
    if (kind === LITERAL && column === LINE) {
      out[o++] = EQUALS;
      out[o++] = 0x0d;
      out[o++] = 0x0a;
      column = 0;
    }
    // A dot that starts a line is escaped: then SMTP has no line to dot-stuff,
    // and the send takes the fast path (dot-stuffing.ts).
    if (kind === LITERAL && column === 0 && unit === DOT) kind = ESCAPE;
    if (kind === LITERAL) {
      // Most of a digest is plain text between escapes: copied in a tight
      // loop, as far as the line has room.
      const start = i;
      const stop = Math.min(length, i + LINE - column);
      out[o++] = unit;
      i++;
      let next = 0;
      while (i < stop && (next = text.charCodeAt(i)) < 0x80 && IN_RUN[next] === 1) {
        out[o++] = next;
        i++;
      }
      // A blank that turns out to end the line is taken back, to be escaped.
      if (i > start + 1 && CLASS[text.charCodeAt(i - 1)] === BLANK && (i === length || classOfUnit(text.charCodeAt(i)) === CR || classOfUnit(text.charCodeAt(i)) === LF)) {
        i--;
        o--;
      }
      column += i - start;
    } else if (kind === ESCAPE) {
      if (column + 3 > LINE) {
        out[o++] = EQUALS;
        out[o++] = 0x0d;
        out[o++] = 0x0a;
        column = 0;
      }
      o = escapeByte(unit, out, o);
      column += 3;
      i++;
    } else {
      if (kind === CR && i + 1 < length && text.charCodeAt(i + 1) === 0x0a) i++;
      out[o++] = 0x0d;
      out[o++] = 0x0a;
      column = 0;
      i++;
    }
  }
  return o;
}

function escapeByte(byte: number, out: Uint8Array, o: number): number {
  out[o] = EQUALS;
  out[o + 1] = HEX[byte >> 4];
  out[o + 2] = HEX[byte & 15];
  return o + 3;
}

/** The class of a UTF-16 unit: any non-ASCII one is escaped, as its UTF-8 bytes are. */
function classOfUnit(unit: number): number {
  return unit < 0x80 ? CLASS[unit] : ESCAPE;
}
