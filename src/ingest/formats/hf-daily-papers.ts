import type { ParsedPaper } from '../../types.js';
import { arxivAbsUrl, parseArxivId } from '../arxiv-id.js';
import { unreadable } from '../dump-error.js';
import type { ParseOptions } from '../parse.js';
import { authorNames, optionalCount, publishedAt, type JsonPlace } from './json-paper.js';
import { foldSpaces } from '../lines.js';

/**
 * Whether a JSON array is a Hugging Face `daily_papers` response: its items
 * hold the paper under `paper`, with the arXiv id as `id`.
 */
export function isDailyPapers(value: unknown): boolean {
  if (!Array.isArray(value) || value.length === 0) return false;
  const first = value[0] as { paper?: { id?: unknown } } | null;
  return typeof first === 'object' && first !== null && typeof first.paper === 'object' && first.paper !== null && typeof first.paper.id === 'string';
}

/** `[{ paper: { id, title, summary, authors: [{ name }], publishedAt, upvotes } }, …]`, one paper per item. */
export function parseDailyPapers(value: unknown[], lines: number[], options: ParseOptions): ParsedPaper[] {
  return value.map((item, index) => {
    const place: JsonPlace = { name: options.name, line: lines[index] ?? 1, label: `item ${index + 1}`, now: options.now };
    const paper = typeof item === 'object' && item !== null ? (item as { paper?: unknown }).paper : undefined;
    if (typeof paper !== 'object' || paper === null) throw unreadable(place.name, place.line, `${place.label} has no "paper" object`, 'is this a daily_papers response?');
    const fields = paper as Record<string, unknown>;
    const arxiv = parseArxivId(typeof fields.id === 'string' ? fields.id : null);
    const title = text(fields.title);
    const abstract = text(fields.summary);
    if (title === '' || abstract === '') throw unreadable(place.name, place.line, `${place.label} has no paper "${title === '' ? 'title' : 'summary'}"`, 'is the response cut short?');
    const authors = authorNames(fields.authors, place);
    return {
      title,
      abstract,
      authorsCount: authors.length > 0 ? authors.length : null,
      authors,
      publishedAt: publishedAt(fields.publishedAt, place),
      upvotes: optionalCount(fields.upvotes, 'upvotes', place),
      url: arxiv === null ? null : arxivAbsUrl(arxiv.id),
      arxivId: arxiv?.id ?? null,
      arxivVersion: arxiv?.version ?? null,
      line: place.line,
    };
  });
}

function text(value: unknown): string {
  return typeof value === 'string' ? foldSpaces(value) : '';
}
