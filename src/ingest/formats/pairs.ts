import type { ParsedPaper } from '../../types.js';
import { quote, unreadable } from '../dump-error.js';
import { skipHeader } from '../header.js';
import { clean, nextContent } from '../lines.js';
import { isMetadataLine } from '../metadata.js';
import type { ParseOptions } from '../parse.js';
import { canBeAbstract, canBeTitle, MAX_TITLE_CHARS } from '../shape.js';

/** Reads the lines after an abstract into the paper; returns the index of the next unread line. */
export type ReadTrailer = (lines: string[], index: number, paper: ParsedPaper, options: ParseOptions) => number;

/**
 * The walk shared by the text layouts: a title line, then its abstract line,
 * then (metadata-pairs only) a trailer, over and over. Blank lines separate
 * or not, depending on the layout; either way they carry no meaning here.
 */
export function readPairs(lines: string[], options: ParseOptions, readTrailer?: ReadTrailer): ParsedPaper[] {
  const papers: ParsedPaper[] = [];
  let index = 0;
  for (;;) {
    const header = skipHeader(lines, index);
    const titleIndex = header.index;
    if (titleIndex >= lines.length) return papers;
    const title = header.gluedTitle ?? clean(lines[titleIndex]);
    checkTitle(title, titleIndex + 1, options.name);
    const abstractIndex = nextContent(lines, titleIndex + 1);
    const abstract = abstractAt(lines, abstractIndex, titleIndex + 1, options.name);
    const paper: ParsedPaper = {
      title,
      abstract,
      authorsCount: null,
      authors: [],
      publishedAt: null,
      upvotes: null,
      url: null,
      arxivId: null,
      line: titleIndex + 1,
    };
    papers.push(paper);
    index = readTrailer === undefined ? abstractIndex + 1 : readTrailer(lines, abstractIndex + 1, paper, options);
  }
}

function checkTitle(title: string, line: number, name: string): void {
  if (isMetadataLine(title)) {
    throw unreadable(name, line, `metadata line ${quote(title)} where a title is expected`, 'is a title and abstract missing above it?');
  }
  if (canBeTitle(title)) return;
  throw unreadable(
    name,
    line,
    `expected a title, found a ${title.length}-character paragraph (titles have at most ${MAX_TITLE_CHARS}): an abstract without its title`,
    'is a title line missing above it?',
  );
}

function abstractAt(lines: string[], index: number, titleLine: number, name: string): string {
  if (index >= lines.length) throw unreadable(name, titleLine, 'title without an abstract', 'is the file cut short?');
  const abstract = clean(lines[index]);
  if (canBeAbstract(abstract)) return abstract;
  throw unreadable(
    name,
    titleLine,
    `title without an abstract: line ${index + 1} (${quote(abstract)}) is short and does not end with a full stop, so it reads as a title or metadata, not an abstract`,
    'is the abstract line missing?',
  );
}
