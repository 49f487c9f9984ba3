import type { ParsedPaper } from '../../types.js';
import { isoDate, matchDateLine, type DateLine } from '../dates.js';
import { quote, unreadable } from '../dump-error.js';
import { clean } from '../lines.js';
import { matchAuthors, SEPARATOR } from '../metadata.js';
import type { ParseOptions } from '../parse.js';
import { readPairs } from './pairs.js';

/** Blank pairs, each abstract followed by any of `  • N authors`, `·` and a date line. */
export function parseMetadataPairs(lines: string[], options: ParseOptions): ParsedPaper[] {
  return readPairs(lines, options, readMetadata);
}

function readMetadata(lines: string[], from: number, paper: ParsedPaper, options: ParseOptions): number {
  let index = from;
  for (; index < lines.length; index++) {
    const text = clean(lines[index]);
    if (text === '' || text === SEPARATOR) continue;
    const authors = matchAuthors(text);
    if (authors !== null) {
      if (paper.authorsCount !== null) throw repeated(options.name, index + 1, 'authors', paper.line);
      paper.authorsCount = authors;
      continue;
    }
    const date = matchDateLine(text);
    if (date === null) break;
    if (paper.publishedAt !== null) throw repeated(options.name, index + 1, 'date', paper.line);
    setDate(paper, date, text, index + 1, options);
  }
  return index;
}

function setDate(paper: ParsedPaper, date: DateLine, text: string, line: number, options: ParseOptions): void {
  const iso = isoDate(date, options.now);
  if (iso === null) throw unreadable(options.name, line, `${quote(text)} is not a calendar date`, 'is the date line damaged?');
  paper.publishedAt = iso;
  paper.upvotes = date.upvotes;
}

// Two date lines under one abstract mean the title and abstract between them are lost.
function repeated(name: string, line: number, what: string, paperLine: number) {
  return unreadable(name, line, `a second ${what} line for the paper at line ${paperLine}`, 'is a title and abstract missing above it?');
}
