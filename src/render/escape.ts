// Escaping dump text for HTML. Highlights are applied by splitting the
// original text at the span offsets and escaping every piece: markup only
// ever comes from this module, never from un-escaping anything.
//
// The digest's HTML is written in ASCII (see ascii-html.ts): escapeHtmlAscii
// also writes every other character as a numeric character reference.

import type { Span } from './snippet.js';

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#x27;',
  '`': '&#x60;',
  '=': '&#x3D;',
};

const SPECIAL = /[&<>"'`=]/;

export function escapeHtml(text: string): string {
  return SPECIAL.test(text) ? text.replace(/[&<>"'`=]/g, (char) => ENTITIES[char]) : text;
}

/**
 * What a character outside ASCII needs: a pair of surrogates is one
 * character; U+0080–U+009F are left out, as a reference to one of them
 * means a Windows-1252 character instead (HTML's rule), so they stay as
 * they are (and the part goes in quoted-printable).
 */
const SPECIAL_OR_WIDE = /[&<>"'`=\u00a0-\uffff]/;
const SPECIAL_OR_WIDE_ALL = /[\ud800-\udbff][\udc00-\udfff]|[&<>"'`=\u00a0-\uffff]/g;

/** escapeHtml, and every character past U+009F as a numeric character reference: the result is ASCII but for any C1 control. */
export function escapeHtmlAscii(text: string): string {
  return SPECIAL_OR_WIDE.test(text) ? compactAscii(text.replace(SPECIAL_OR_WIDE_ALL, escapeWide)) : text;
}

/**
 * The same text, stored one byte a character; for text whose characters all
 * fit in one (escapeHtmlAscii's output: ASCII, and C1 controls left as they
 * are), which Latin-1 carries unchanged. V8 keeps a string made
 * from one with wider characters (a `replace` of a title with a "—" in it)
 * two bytes a character though every character now fits in one, and a
 * message built from such pieces is twice the bytes to copy to the SMTP
 * thread and twice as slow to check there.
 */
export function compactAscii(ascii: string): string {
  return Buffer.from(ascii, 'latin1').toString('latin1');
}

function escapeWide(char: string): string {
  return ENTITIES[char] ?? characterReference(char);
}

/** `&#x2014;` for "—"; a lone surrogate is no character, and goes as UTF-8 would write it. */
export function characterReference(char: string): string {
  const point = char.codePointAt(0)!;
  return point >= 0xd800 && point <= 0xdfff ? '&#xFFFD;' : `&#x${point.toString(16).toUpperCase()};`;
}

/** Escaped HTML of `text`, in ASCII, with each span (sorted, disjoint) wrapped in <strong>. */
export function markHtml(text: string, spans: readonly Span[]): string {
  let html = '';
  let at = 0;
  for (const span of spans) {
    html += escapeHtmlAscii(text.slice(at, span.start)) + '<strong>' + escapeHtmlAscii(text.slice(span.start, span.end)) + '</strong>';
    at = span.end;
  }
  // Pieces of a title with a wide character in it are two bytes a character even where they are plain ASCII.
  return compactAscii(html + escapeHtmlAscii(text.slice(at)));
}
