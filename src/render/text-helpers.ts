// Handlebars helpers. The text part is written for people reading plain
// text: paragraphs wrapped at a readable width, counts in words.

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

/** `{{plural count "paper"}}` → `1 paper`, `3 papers`; a third argument gives an irregular plural. */
export function plural(count: number, singular: string, pluralForm?: unknown): string {
  const many = typeof pluralForm === 'string' ? pluralForm : `${singular}s`;
  return `${count} ${count === 1 ? singular : many}`;
}
