// Bounds on a paper's fields. Dump content is untrusted: one paper with a
// megabyte-long abstract would be carried into every digest, preview and
// page that shows it. A field past its bound is cut at a word boundary and
// the cut is reported; the paper, and the dump, are still ingested.

import type { ParsedPaper } from '../types.js';
import { cleanLine, cleanText } from '../clean-text.js';

export const FIELD_LIMITS = {
  // Real titles stay well under this; twenty titles at twice it, bold
  // highlights and all, would push a digest past Gmail's clip (about 100 KB).
  title: 500,
  abstract: 20_000,
  /** A longer URL is dropped rather than cut: half a URL leads somewhere else. */
  url: 2_048,
  /** Names of authors kept; a digest shows three. */
  authors: 1_000,
  /** Characters of one author's name. */
  author: 200,
} as const;

export type BoundedField = Exclude<keyof typeof FIELD_LIMITS, 'author'>;

/** One field of one paper that was longer than its bound. */
export interface FieldCut {
  /** 1-based line of the paper's title in the dump. */
  line: number;
  /** The paper's title as stored (itself cut when `field` is `title`). */
  title: string;
  field: BoundedField;
  /** The field's length before the cut, in characters (for `authors`, in names). */
  length: number;
  limit: number;
}

const ELLIPSIS = '…';
// A cut looks for a word boundary this far back from the bound before cutting inside a word.
const WORD_REACH = 200;

/**
 * The paper with control characters removed from its title and abstract and
 * every field within its bound, and what was cut. Pure.
 */
export function boundPaper(paper: ParsedPaper): { paper: ParsedPaper; cuts: FieldCut[] } {
  const cuts: Omit<FieldCut, 'title'>[] = [];
  const title = cleanLine(paper.title);
  const abstract = cleanText(paper.abstract);
  const bounded: ParsedPaper = {
    ...paper,
    title: cutText(title, FIELD_LIMITS.title),
    abstract: cutText(abstract, FIELD_LIMITS.abstract),
  };
  if (bounded.title !== title) cuts.push({ line: paper.line, field: 'title', length: title.length, limit: FIELD_LIMITS.title });
  if (bounded.abstract !== abstract) cuts.push({ line: paper.line, field: 'abstract', length: abstract.length, limit: FIELD_LIMITS.abstract });
  const authors = paper.authors.slice(0, FIELD_LIMITS.authors).map((name) => cutText(cleanLine(name), FIELD_LIMITS.author));
  if (paper.authors.length > FIELD_LIMITS.authors) cuts.push({ line: paper.line, field: 'authors', length: paper.authors.length, limit: FIELD_LIMITS.authors });
  bounded.authors = authors;
  if (paper.url !== null && paper.url.length > FIELD_LIMITS.url) {
    cuts.push({ line: paper.line, field: 'url', length: paper.url.length, limit: FIELD_LIMITS.url });
    bounded.url = null;
  }
  return { paper: bounded, cuts: cuts.map((cut) => ({ ...cut, title: bounded.title })) };
}

/** The text itself when within `limit`; else cut at the last word boundary before it, with an ellipsis. */
export function cutText(text: string, limit: number): string {
  if (text.length <= limit) return text;
  let end = limit - ELLIPSIS.length;
  const floor = Math.max(0, end - WORD_REACH);
  let at = end;
  while (at > floor && !isSpace(text.charCodeAt(at))) at--;
  if (at > floor) end = at;
  // Never split a surrogate pair: half an emoji is not UTF-8.
  else if (isHighSurrogate(text.charCodeAt(end - 1))) end--;
  while (end > 0 && isSpace(text.charCodeAt(end - 1))) end--;
  return text.slice(0, end) + ELLIPSIS;
}

function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 0xa0;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
