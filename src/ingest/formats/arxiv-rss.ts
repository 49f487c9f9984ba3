import type { ParsedPaper } from '../../types.js';
import { parseArxivId } from '../arxiv-id.js';
import { unreadable } from '../dump-error.js';
import type { ParseOptions } from '../parse.js';
import { arxivPaper, folded, list, type LineOf, type XmlNode } from './xml-feed.js';

// `arXiv:2411.01234v1 Announce Type: new Abstract: …`, after white space is folded.
const DESCRIPTION = /^arXiv:(\S+) Announce Type: ([a-z-]+) Abstract: ([\s\S]*)$/;

const HINT = 'is this an arXiv listing feed (rss.arxiv.org, 2024 or later)?';

/**
 * An arXiv listing feed (RSS 2.0): one paper per `item`. `new` and `cross`
 * items announce a paper (`cross`: one from another category); `replace`
 * and `replace-cross` re-announce one with a new version, so they update a
 * stored paper and never add one. A day without announcements has no items.
 */
export function parseArxivRss(channel: XmlNode, options: ParseOptions, lineOf: LineOf): ParsedPaper[] {
  return list(channel.item).map((item) => {
    const line = lineOf(item);
    const described = DESCRIPTION.exec(folded(item.description));
    if (described === null) throw unreadable(options.name, line, 'an item whose description does not begin "arXiv:<id> Announce Type: …"', HINT);
    const arxiv = parseArxivId(described[1]);
    if (arxiv === null) throw unreadable(options.name, line, `an item with the arXiv id ${JSON.stringify(described[1].slice(0, 40))}, which is none`, HINT);
    const announce = folded(item.announce_type) || described[2];
    const title = folded(item.title);
    const abstract = described[3].trim();
    if (title === '' || abstract === '') throw unreadable(options.name, line, `item ${arxiv.id} has no ${title === '' ? 'title' : 'abstract'}`, 'is the feed cut short?');
    const authors = creators(folded(item.creator));
    return arxivPaper({ title, abstract, authors, publishedAt: rfc822Day(folded(item.pubDate)), arxiv, line, reannounced: announce === 'replace' || announce === 'replace-cross' });
  });
}

/** `dc:creator` lists the names with commas, sometimes the last after `and`. */
function creators(text: string): string[] {
  return text
    .split(/,\s*(?:and\s+)?|\s+and\s+/)
    .map((name) => name.trim())
    .filter((name) => name !== '');
}

/** The UTC day of an RSS date (`Tue, 05 Nov 2024 00:00:00 -0500`), or null. */
function rfc822Day(text: string): string | null {
  const ms = Date.parse(text);
  return text === '' || Number.isNaN(ms) ? null : new Date(ms).toISOString().slice(0, 10);
}
