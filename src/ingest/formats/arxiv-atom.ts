import type { ParsedPaper } from '../../types.js';
import { parseArxivId } from '../arxiv-id.js';
import { unreadable } from '../dump-error.js';
import type { ParseOptions } from '../parse.js';
import { arxivPaper, folded, list, type LineOf, type XmlNode } from './xml-feed.js';

/**
 * An arXiv API response (Atom 1.0): one paper per `entry`. The API reports
 * a bad query as a feed whose one entry is titled `Error`: that is the
 * source's error, not a paper.
 */
export function parseArxivAtom(feed: XmlNode, options: ParseOptions, lineOf: LineOf): ParsedPaper[] {
  return list(feed.entry).map((entry) => {
    const line = lineOf(entry);
    const arxiv = parseArxivId(folded(entry.id));
    if (arxiv === null) {
      if (folded(entry.title) === 'Error') throw unreadable(options.name, line, `the arXiv API answered with an error: ${folded(entry.summary)}`, 'fix the query in the URL');
      throw unreadable(options.name, line, `an entry whose <id> is not an arXiv id (${JSON.stringify(folded(entry.id).slice(0, 80))})`, 'is this an arXiv API response?');
    }
    const title = folded(entry.title);
    const abstract = folded(entry.summary);
    if (title === '' || abstract === '') throw unreadable(options.name, line, `entry ${arxiv.id} has no ${title === '' ? '<title>' : '<summary>'}`, 'is the response cut short?');
    const authors = list(entry.author).map((author) => folded(author.name)).filter((name) => name !== '');
    return arxivPaper({ title, abstract, authors, publishedAt: day(folded(entry.published)), arxiv, line });
  });
}

/** The UTC day of an Atom timestamp (`2024-11-02T17:59:59Z`), or null. */
export function day(text: string): string | null {
  const ms = Date.parse(text);
  return /^\d{4}-\d{2}-\d{2}/.test(text) && !Number.isNaN(ms) ? new Date(ms).toISOString().slice(0, 10) : null;
}
