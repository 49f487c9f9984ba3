import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { DumpFormat, ParsedPaper } from '../../types.js';
import { arxivAbsUrl, type ArxivId } from '../arxiv-id.js';
import { FEED_HINT, unreadable } from '../dump-error.js';
import { feedForPage } from '../feed-pages.js';
import { foldSpaces } from '../lines.js';
import { lineAt } from '../normalise.js';
import type { ParseOptions } from '../parse.js';
import { parseArxivAtom } from './arxiv-atom.js';
import { parseArxivRss } from './arxiv-rss.js';

/** An element as the parser gives it: text under `#text`, attributes under `@_name`, children by local name. */
export type XmlNode = Record<string, unknown>;

/** Where an element starts, as a 1-based line of the feed. */
export type LineOf = (node: unknown) => number;

const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

// Elements that may repeat, always read as lists so that one entry reads like many.
const LISTS = new Set(['entry', 'item', 'author', 'category', 'link']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // `arxiv:announce_type` and `dc:creator` by their local names: the prefixes are the feed's choice.
  removeNSPrefix: true,
  // Titles such as `0.5` or `1e-3` stay text.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  captureMetaData: true,
  isArray: (name) => LISTS.has(name),
});

/**
 * An XML feed: the arXiv API's Atom or an arXiv listing's RSS 2.0, told
 * apart by the root element. An HTML page (a login wall, an error page) is
 * named as such.
 */
export function parseXmlFeed(text: string, options: ParseOptions): { format: DumpFormat; papers: ParsedPaper[] } {
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    if (/^\s*<(!doctype html|html)/i.test(text)) throw htmlPage(options.name);
    const open = unclosedTags(valid.err.msg);
    if (open !== null) throw unreadable(options.name, lineAt(text, Math.max(0, text.trimEnd().length - 1)), `the text ends before ${namedTags(open)} ${open.length === 1 ? 'is' : 'are'} closed`, FEED_HINT);
    throw unreadable(options.name, valid.err.line, `not well-formed XML (${valid.err.msg})`, FEED_HINT);
  }
  const root = parser.parse(text) as XmlNode;
  const lineOf = lineFinder(text);
  if (isNode(root.feed)) return { format: 'arxiv-atom', papers: parseArxivAtom(root.feed, options, lineOf) };
  if (isNode(root.rss) && isNode(root.rss.channel)) return { format: 'arxiv-rss', papers: parseArxivRss(root.rss.channel, options, lineOf) };
  if (isNode(root.html)) throw htmlPage(options.name);
  const name = Object.keys(root).find((key) => !key.startsWith('?')) ?? 'nothing';
  throw unreadable(options.name, 1, `XML whose root is <${name}>, not an Atom <feed> or an RSS <rss>`, FEED_HINT);
}

/** An HTML page where a feed was expected; when it is a page that has a feed, which one. */
function htmlPage(name: string) {
  const feed = feedForPage(name);
  return unreadable(name, 1, 'an HTML page, not a feed', feed === null ? FEED_HINT : `its feed is ${feed}: put that in sources:`);
}

/**
 * The elements still open where the text ends, innermost first, from the
 * validator's message for it (`Invalid '["rss","channel"]' found.`); null
 * for any other error.
 */
function unclosedTags(message: string): string[] | null {
  const listed = /^Invalid '(\[[\s\S]*\])' found\.$/.exec(message);
  if (listed === null) return null;
  try {
    const tags: unknown = JSON.parse(listed[1]);
    return Array.isArray(tags) && tags.length > 0 && tags.every((tag) => typeof tag === 'string') ? tags.reverse() : null;
  } catch {
    return null;
  }
}

/** `<language>, <channel> and <rss>`; past a few, how many more. */
function namedTags(tags: readonly string[]): string {
  const shown = tags.slice(0, 3).map((tag) => `<${tag.slice(0, 40)}>`);
  if (tags.length > shown.length) return `${shown.join(', ')} and ${tags.length - shown.length} more`;
  return shown.length === 1 ? shown[0] : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

export function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The text of an element (or of a plain string value) with every run of white space folded to one space. */
export function folded(value: unknown): string {
  const raw = typeof value === 'string' ? value : isNode(value) && typeof value['#text'] === 'string' ? value['#text'] : '';
  return foldSpaces(raw);
}


export function list(value: unknown): XmlNode[] {
  return Array.isArray(value) ? value.filter(isNode) : isNode(value) ? [value] : [];
}

function lineFinder(text: string): LineOf {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (node) => {
    const index = isNode(node) ? ((node as Record<symbol, unknown>)[META] as { startIndex?: number } | undefined)?.startIndex : undefined;
    if (index === undefined) return 1;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= index) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  };
}

/** A paper from an arXiv feed: the fields both arXiv formats carry, the rest as a dump without them has it. */
export function arxivPaper(fields: { title: string; abstract: string; authors: string[]; publishedAt: string | null; arxiv: ArxivId; line: number; reannounced?: boolean }): ParsedPaper {
  const { arxiv, reannounced, ...rest } = fields;
  return {
    ...rest,
    authorsCount: fields.authors.length > 0 ? fields.authors.length : null,
    upvotes: null,
    url: arxivAbsUrl(arxiv.id),
    arxivId: arxiv.id,
    arxivVersion: arxiv.version,
    ...(reannounced === undefined ? {} : { reannounced }),
  };
}
