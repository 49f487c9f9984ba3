// Escaping dump text for HTML. Highlights are applied by splitting the
// original text at the span offsets and escaping every piece: markup only
// ever comes from this module, never from un-escaping anything.

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

/** Escaped HTML of `text` with each span (sorted, disjoint) wrapped in <strong>. */
export function markHtml(text: string, spans: readonly Span[]): string {
  let html = '';
  let at = 0;
  for (const span of spans) {
    html += escapeHtml(text.slice(at, span.start)) + '<strong>' + escapeHtml(text.slice(span.start, span.end)) + '</strong>';
    at = span.end;
  }
  return html + escapeHtml(text.slice(at));
}
