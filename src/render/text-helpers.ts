// Handlebars helpers. The text part is written for people reading plain
// text: paragraphs wrapped at a readable width, counts in words.

import { remembering } from '../remember.js';
import { squash } from './spaces.js';

/**
 * `{{wrap text 72 "  "}}`: greedy word wrap at spaces; a word longer than the
 * width (a URL) stands alone. Lines after the first start with the indent,
 * so a wrapped paragraph can follow a bullet.
 */
export function wrap(text: string, width?: unknown, indent?: unknown): string {
  const max = typeof width === 'number' && width > 10 ? width : 72;
  const separator = `\n${typeof indent === 'string' ? indent : ''}`;
  const raw = String(text);
  // Views hold single-spaced text, so most calls skip the normalising
  // replace; breaks are found with lastIndexOf, not word by word: this runs
  // for every paper of every message.
  const line = squash(raw);
  let out = '';
  let start = 0;
  while (line.length - start > max) {
    let cut = line.lastIndexOf(' ', start + max);
    if (cut <= start) cut = line.indexOf(' ', start + max);
    if (cut < 0) break;
    out += line.slice(start, cut) + separator;
    start = cut + 1;
  }
  return out + line.slice(start);
}

/**
 * `wrap`, remembering its answers. The text part wraps the same titles,
 * snippets and why lines for every subscriber who gets those papers, and
 * the view hands over the very same strings each time, so a lookup costs a
 * hash already stored in the string, where wrapping costs a walk over it.
 */
export function rememberingWrap(limit = 20_000): typeof wrap {
  const byShape = new Map<string, (text: string) => string>();
  return (text, width, indent) => {
    if (typeof text !== 'string') return wrap(text, width, indent);
    const shape = `${typeof width === 'number' ? width : ''}|${typeof indent === 'string' ? indent : ''}`;
    let wrapped = byShape.get(shape);
    if (!wrapped) byShape.set(shape, (wrapped = remembering((line) => wrap(line, width, indent), limit)));
    return wrapped(text);
  };
}

/** `{{plural count "paper"}}` → `1 paper`, `3 papers`; a third argument gives an irregular plural. */
export function plural(count: number, singular: string, pluralForm?: unknown): string {
  const many = typeof pluralForm === 'string' ? pluralForm : `${singular}s`;
  return `${count} ${count === 1 ? singular : many}`;
}
