import type { DumpFormat } from '../types.js';
import { matchDateLine } from './dates.js';
import { isHeaderLine, skipHeader } from './header.js';
import { clean, nextContent } from './lines.js';
import { isMetadataLine } from './metadata.js';
import { canBeAbstract, canBeTitle } from './shape.js';

/**
 * The layout of a dump, read from its content (never its file name), or null
 * when it is none we know. JSON and XML say which of their kinds they are
 * once parsed (a daily_papers array, Atom or RSS). JSON must open like an array of objects or an
 * object (a title such as `[Re] Reproducing …` must not pass for JSON); a text
 * dump must show the page header or at least open with a title and its
 * abstract.
 */
export function detectFormat(lines: string[]): Exclude<DumpFormat, 'arxiv-atom' | 'arxiv-rss' | 'hf-daily-papers'> | 'xml' | null {
  const first = nextContent(lines, 0);
  if (first >= lines.length) return null;
  // Markup: an XML feed (Atom or RSS, told apart once parsed) or an HTML page, which the feed parser names.
  if (clean(lines[first]).charAt(0) === '<') return 'xml';
  const json = jsonFormat(lines, first);
  if (json !== null) return json;
  const header = skipHeader(lines, 0);
  if (!header.found && !opensWithPaper(lines, header.index)) return null;
  if (hasMetadata(lines, header.index)) return 'metadata-pairs';
  return mostlyAdjacent(lines, header.index) ? 'alternating' : 'blank-pairs';
}

function jsonFormat(lines: string[], first: number): 'json' | 'jsonl' | null {
  const opening = clean(lines[first]);
  const open = opening.charAt(0);
  if (open !== '[' && open !== '{') return null;
  const rest = clean(opening.slice(1));
  const next = rest !== '' ? rest.charAt(0) : clean(lines[nextContent(lines, first + 1)] ?? '').charAt(0);
  if (open === '[' && (next === '{' || next === ']')) return 'json';
  if (open === '{' && (next === '"' || next === '}')) return 'jsonl';
  return null;
}

function opensWithPaper(lines: string[], index: number): boolean {
  const abstract = nextContent(lines, index + 1);
  return abstract < lines.length && canBeTitle(clean(lines[index])) && canBeAbstract(clean(lines[abstract]));
}

/** A date line is metadata too, unless it is the page date under a header (which may recur mid-file). */
function hasMetadata(lines: string[], from: number): boolean {
  let underHeader = false;
  for (let i = from; i < lines.length; i++) {
    const text = clean(lines[i]);
    if (text === '') continue;
    if (isHeaderLine(text)) underHeader = true;
    else if (underHeader && matchDateLine(text) !== null) underHeader = false;
    else if (isMetadataLine(text)) return true;
    else underHeader = false;
  }
  return false;
}

/** Alternating lines follow each other directly; in blank pairs a blank line parts each from the next. */
function mostlyAdjacent(lines: string[], from: number): boolean {
  let adjacent = 0;
  let separated = 0;
  let previous = -1;
  for (let i = from; i < lines.length; i++) {
    if (lines[i] === '') continue;
    if (previous !== -1) {
      if (previous === i - 1) adjacent++;
      else separated++;
    }
    previous = i;
  }
  return adjacent > separated;
}
