import type { ParsedPaper } from '../../types.js';
import { calendarDate, isoDate, matchDateLine } from '../dates.js';
import { parseArxivId } from '../arxiv-id.js';
import { unreadable } from '../dump-error.js';

/** Where a JSON paper sits, for error messages: `paper 3` or `the object`, and its line. */
export interface JsonPlace {
  name: string;
  line: number;
  label: string;
  now: Date;
}

const FIELDS_HINT = 'every paper is an object with a non-empty "title" and "abstract"';

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * One JSON paper. A missing title or abstract and a metadata field of the
 * wrong type are errors (the file follows another schema); a `url` that is
 * not http(s) or an `arxivId` of the wrong shape is dropped, because both end
 * up in links and the text is untrusted.
 */
export function toPaper(value: unknown, place: JsonPlace): ParsedPaper {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw unreadable(place.name, place.line, `${place.label} is not an object`, FIELDS_HINT);
  }
  const fields = value as Record<string, unknown>;
  const arxiv = parseArxivId(optionalText(fields.arxivId, 'arxivId', place));
  const names = authorNames(fields.authors, place);
  return {
    title: requiredText(fields, 'title', place),
    abstract: requiredText(fields, 'abstract', place),
    authorsCount: names.length > 0 ? names.length : authorsCount(fields.authors, place),
    authors: names,
    publishedAt: publishedAt(fields.publishedAt, place),
    upvotes: optionalCount(fields.upvotes, 'upvotes', place),
    url: httpUrl(optionalText(fields.url, 'url', place)),
    arxivId: arxiv?.id ?? null,
    arxivVersion: arxiv?.version ?? null,
    line: place.line,
  };
}

/** `authors` as a list of names (`"Ada"` or `{ "name": "Ada" }`); a count or nothing gives none. */
export function authorNames(value: unknown, place: JsonPlace): string[] {
  if (!Array.isArray(value)) return [];
  const names: string[] = [];
  for (const author of value) {
    const name = typeof author === 'string' ? author : typeof author === 'object' && author !== null ? (author as { name?: unknown }).name : undefined;
    if (name === undefined || name === null) continue;
    if (typeof name !== 'string') throw wrongType(place, 'authors', 'a list of names or of objects with a "name"');
    const folded = name.replace(/\s+/g, ' ').trim();
    if (folded !== '') names.push(folded);
  }
  return names;
}

export function requiredText(fields: Record<string, unknown>, key: 'title' | 'abstract', place: JsonPlace): string {
  const value = fields[key];
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '') throw unreadable(place.name, place.line, `${place.label} has no ${JSON.stringify(key)}`, FIELDS_HINT);
  return text;
}

function optionalText(value: unknown, key: string, place: JsonPlace): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw wrongType(place, key, 'a string');
  return value.trim();
}

export function optionalCount(value: unknown, key: string, place: JsonPlace): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw wrongType(place, key, 'a whole number');
  return value;
}

function authorsCount(value: unknown, place: JsonPlace): number | null {
  return Array.isArray(value) ? value.length : optionalCount(value, 'authors', place);
}

/** `2024-03-02`, an ISO instant (its UTC day), or the page's own `Mar 2` / `Aug 19, 2020`. */
export function publishedAt(value: unknown, place: JsonPlace): string | null {
  const text = optionalText(value, 'publishedAt', place);
  if (text === null || text === '') return null;
  const day = ISO_DAY.exec(text);
  const pageDate = matchDateLine(text);
  const iso = day !== null
    ? calendarDate(Number(day[1]), Number(day[2]), Number(day[3]))
    : pageDate !== null
      ? isoDate(pageDate, place.now)
      : instantDay(text);
  if (iso === null) throw wrongType(place, 'publishedAt', 'a date such as 2024-03-02');
  return iso;
}

function instantDay(text: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString().slice(0, 10);
}

export function httpUrl(text: string | null): string | null {
  if (text === null) return null;
  try {
    const protocol = new URL(text).protocol;
    return protocol === 'http:' || protocol === 'https:' ? text : null;
  } catch {
    return null;
  }
}

function wrongType(place: JsonPlace, key: string, expected: string) {
  return unreadable(place.name, place.line, `${place.label} has a ${JSON.stringify(key)} that is not ${expected}`, 'fix the value or leave the field out');
}
