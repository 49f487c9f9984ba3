import type { ParsedPaper } from '../../types.js';
import { calendarDate, isoDate, matchDateLine } from '../dates.js';
import { unreadable } from '../dump-error.js';

/** Where a JSON paper sits, for error messages: `paper 3` or `the object`, and its line. */
export interface JsonPlace {
  name: string;
  line: number;
  label: string;
  now: Date;
}

const FIELDS_HINT = 'every paper is an object with a non-empty "title" and "abstract"';

// New-style `2401.01234v2` and old-style `hep-th/9901001` identifiers, optionally `arXiv:`-prefixed.
const ARXIV_ID = /^(?:arxiv:)?(\d{4}\.\d{4,5}(?:v\d+)?|[a-z-]+(?:\.[A-Z]{2})?\/\d{7}(?:v\d+)?)$/i;
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
  return {
    title: requiredText(fields, 'title', place),
    abstract: requiredText(fields, 'abstract', place),
    authorsCount: authorsCount(fields.authors, place),
    publishedAt: publishedAt(fields.publishedAt, place),
    upvotes: optionalCount(fields.upvotes, 'upvotes', place),
    url: httpUrl(optionalText(fields.url, 'url', place)),
    arxivId: arxivId(optionalText(fields.arxivId, 'arxivId', place)),
    line: place.line,
  };
}

function requiredText(fields: Record<string, unknown>, key: 'title' | 'abstract', place: JsonPlace): string {
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

function optionalCount(value: unknown, key: string, place: JsonPlace): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw wrongType(place, key, 'a whole number');
  return value;
}

function authorsCount(value: unknown, place: JsonPlace): number | null {
  return Array.isArray(value) ? value.length : optionalCount(value, 'authors', place);
}

/** `2024-03-02`, an ISO instant (its UTC day), or the page's own `Mar 2` / `Aug 19, 2020`. */
function publishedAt(value: unknown, place: JsonPlace): string | null {
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

function httpUrl(text: string | null): string | null {
  if (text === null) return null;
  try {
    const protocol = new URL(text).protocol;
    return protocol === 'http:' || protocol === 'https:' ? text : null;
  } catch {
    return null;
  }
}

function arxivId(text: string | null): string | null {
  const match = text === null ? null : ARXIV_ID.exec(text);
  return match === null ? null : match[1];
}

function wrongType(place: JsonPlace, key: string, expected: string) {
  return unreadable(place.name, place.line, `${place.label} has a ${JSON.stringify(key)} that is not ${expected}`, 'fix the value or leave the field out');
}
