import { isUtf8 } from 'node:buffer';
import { unreadable } from './dump-error.js';

/** A dump's text with the byte-level noise removed; line `i + 1` of the file is `lines[i]`. */
export interface DumpText {
  /** Without a byte-order mark, every line break as `\n`. */
  text: string;
  /** Split on line breaks, trailing spaces and tabs removed; blank lines kept so numbering stays true. */
  lines: string[];
}

const BINARY_HINT = 'is this a text dump? Save it as UTF-8 text';

/** Decodes the bytes as UTF-8; a NUL byte or an invalid sequence means the file is not a text dump. */
export function decodeDump(input: Buffer | string, name: string): string {
  if (typeof input === 'string') return checkText(input, name);
  const nul = input.indexOf(0);
  if (nul !== -1) throw unreadable(name, lineAt(input, nul), `binary content (a NUL byte at byte ${nul})`, nulHint(input));
  if (!isUtf8(input)) {
    const bad = firstInvalidUtf8(input);
    throw unreadable(name, lineAt(input, bad), `not UTF-8 text (invalid byte 0x${input[bad].toString(16)} at byte ${bad})`, BINARY_HINT);
  }
  return input.toString('utf8');
}

export function normaliseDump(decoded: string): DumpText {
  const unmarked = decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
  const text = unmarked.includes('\r') ? unmarked.replace(/\r\n?/g, '\n') : unmarked;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) lines[i] = trimEnd(lines[i]);
  return { text, lines };
}

function checkText(text: string, name: string): string {
  const nul = text.indexOf('\0');
  if (nul !== -1) throw unreadable(name, lineAt(text, nul), 'binary content (a NUL character)', BINARY_HINT);
  // In a `u` regex a well-formed pair is one code point, so only a lone surrogate matches.
  const lone = /\p{Cs}/u.exec(text);
  if (lone !== null) throw unreadable(name, lineAt(text, lone.index), 'not UTF-8 text (a lone surrogate)', BINARY_HINT);
  return text;
}

function nulHint(bytes: Buffer): string {
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  return utf16 ? 'the file looks like UTF-16: save it as UTF-8 text' : BINARY_HINT;
}

/** Only on the error path: where `isUtf8` said no. */
function firstInvalidUtf8(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const size = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (size === 0 || (size > 1 && !isUtf8(bytes.subarray(i, i + size)))) return i;
    i += size;
  }
  return bytes.length;
}

/** 1-based line of an offset, counting `\r\n`, `\r` and `\n` as one break each, as `normaliseDump` does. */
function lineAt(source: string | Buffer, offset: number): number {
  // Line breaks are ASCII, so a byte-per-character view of a buffer counts them right.
  const text = typeof source === 'string' ? source : source.toString('latin1', 0, offset + 1);
  let line = 1;
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) line++;
  }
  return line;
}

// A regex such as /[ \t]+$/ backtracks on every inner run of spaces: quadratic on a long line.
function trimEnd(line: string): string {
  let end = line.length;
  while (end > 0) {
    const c = line.charCodeAt(end - 1);
    if (c !== 32 && c !== 9) break;
    end--;
  }
  return end === line.length ? line : line.slice(0, end);
}
