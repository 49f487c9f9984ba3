import type { DumpFormat, ParsedPaper } from '../types.js';
import { boundPaper, type FieldCut } from './bounds.js';
import { detectFormat } from './detect.js';
import { FEED_HINT, quote, unreadable } from './dump-error.js';
import { parseAlternating } from './formats/alternating.js';
import { parseBlankPairs } from './formats/blank-pairs.js';
import { parseJson } from './formats/json.js';
import { parseJsonl } from './formats/jsonl.js';
import { parseMetadataPairs } from './formats/metadata-pairs.js';
import { parseXmlFeed } from './formats/xml-feed.js';
import { nextContent } from './lines.js';
import { decodeDump, normaliseDump, type DumpText } from './normalise.js';

export interface ParseOptions {
  /** How the user knows the file (`dumps/004.txt`): every error message starts with it. */
  name: string;
  /** Resolves dates printed without a year. */
  now: Date;
  /**
   * The text is a feed's answer, not a dump file: no papers is a quiet day
   * (arXiv lists nothing at weekends), not an error, and what to check when
   * it cannot be read is the URL and whether the answer arrived whole.
   */
  feed?: boolean;
}

export interface ParsedDump {
  format: DumpFormat;
  papers: ParsedPaper[];
  /** Fields longer than their bound, cut (FIELD_LIMITS); the papers hold the cut values. */
  cuts: FieldCut[];
}

type Detected = ReturnType<typeof detectFormat> & string;

// JSON and XML name their exact format once parsed: a daily_papers array or a plain one, Atom or RSS.
const PARSERS: Record<Detected, (dump: DumpText, options: ParseOptions) => Omit<ParsedDump, 'cuts'>> = {
  'blank-pairs': (dump, options) => ({ format: 'blank-pairs', papers: parseBlankPairs(dump.lines, options) }),
  'metadata-pairs': (dump, options) => ({ format: 'metadata-pairs', papers: parseMetadataPairs(dump.lines, options) }),
  alternating: (dump, options) => ({ format: 'alternating', papers: parseAlternating(dump.lines, options) }),
  json: (dump, options) => parseJson(dump.text, options),
  jsonl: (dump, options) => ({ format: 'jsonl', papers: parseJsonl(dump.lines, options) }),
  xml: (dump, options) => parseXmlFeed(dump.text, options),
};

/**
 * Every paper of one dump, or PB_DUMP_UNREADABLE naming the file and line:
 * never part of a dump. Pure: the bytes and the clock come in as arguments.
 */
export function parseDump(input: Buffer | string, options: ParseOptions): ParsedDump {
  const dump = normaliseDump(decodeDump(input, options.name));
  const first = nextContent(dump.lines, 0);
  if (first >= dump.lines.length) {
    if (options.feed) throw unreadable(options.name, null, 'the answer is empty', FEED_HINT);
    throw unreadable(options.name, null, 'the file is empty', 'is it still being written, or did the export fail?');
  }
  const format = detectFormat(dump.lines);
  if (format === null) {
    if (options.feed) throw unreadable(options.name, first + 1, `neither JSON nor XML, nor a Daily Papers page: ${quote(dump.lines[first].trim(), 60)}`, FEED_HINT);
    throw unreadable(
      options.name,
      first + 1,
      'unknown layout: not a Daily Papers page (title lines, each followed by its abstract), nor JSON, JSONL or an XML feed',
      'is this a paper dump? The formats paperboy reads are listed under "Dumps" in its README',
    );
  }
  const parsed = PARSERS[format](dump, options);
  if (parsed.papers.length === 0 && !options.feed) throw unreadable(options.name, null, `no papers found in this ${parsed.format} dump`, 'is the page empty or the copy cut short?');
  const cuts: FieldCut[] = [];
  const bounded = parsed.papers.map((paper) => {
    const result = boundPaper(paper);
    cuts.push(...result.cuts);
    return result.paper;
  });
  return { ...parsed, papers: bounded, cuts };
}
