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

/**
 * Decodes the bytes: UTF-16 when a byte-order mark says so (a dump saved
 * from Windows Notepad), the encoding an XML declaration names (a feed in
 * ISO-8859-1), else UTF-8. A NUL byte or an invalid sequence means the file
 * is not a text dump.
 */
export function decodeDump(input: Buffer | string, name: string): string {
  if (typeof input === 'string') return checkText(input, name);
  const declared = utf16ByOrderMark(input) ?? xmlEncoding(input);
  if (declared !== null) return checkText(decodeAs(input, declared, name), name);
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

function utf16ByOrderMark(bytes: Buffer): string | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

/** The encoding an XML declaration at the very start names, when it is not UTF-8 (which needs nothing more). */
function xmlEncoding(bytes: Buffer): string | null {
  const declaration = /^<\?xml[^>]{0,200}?\sencoding\s*=\s*["']([A-Za-z][\w.:-]{0,39})["']/.exec(bytes.toString('latin1', 0, 256));
  if (declaration === null) return null;
  const label = declaration[1].toLowerCase();
  return label === 'utf-8' || label === 'utf8' ? null : label;
}

/** The text in the named encoding (a WHATWG label), or an error naming the file when it is none paperboy knows or the bytes are not in it. */
function decodeAs(bytes: Buffer, label: string, name: string): string {
  let decoder;
  try {
    decoder = new TextDecoder(label, { fatal: true });
  } catch {
    throw unreadable(name, 1, `an encoding paperboy cannot read (${JSON.stringify(label)})`, 'save it as UTF-8 text');
  }
  try {
    return decoder.decode(bytes);
  } catch {
    throw unreadable(name, null, `not ${label} text, as its start says`, 'save it as UTF-8 text');
  }
}

function checkText(text: string, name: string): string {
  const nul = text.indexOf('\0');
  if (nul !== -1) throw unreadable(name, lineAt(text, nul), 'binary content (a NUL character)', BINARY_HINT);
  // In a `u` regex a well-formed pair is one code point, so only a lone surrogate matches.
  const lone = /\p{Cs}/u.exec(text);
  if (lone !== null) throw unreadable(name, lineAt(text, lone.index), 'not UTF-8 text (a lone surrogate)', BINARY_HINT);
  return text;
}

/** With a byte-order mark UTF-16 is read; without one, text in it still shows as ASCII letters between NUL bytes. */
function nulHint(bytes: Buffer): string {
  const utf16 = bytes.length >= 4 && ((bytes[1] === 0 && bytes[3] === 0 && bytes[0] !== 0) || (bytes[0] === 0 && bytes[2] === 0 && bytes[1] !== 0));
  return utf16 ? 'the file looks like UTF-16 without its byte-order mark: save it as UTF-8 text' : BINARY_HINT;
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
export function lineAt(source: string | Buffer, offset: number): number {
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
