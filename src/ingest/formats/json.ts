import type { DumpFormat, ParsedPaper } from '../../types.js';
import { FEED_HINT, unreadable } from '../dump-error.js';
import type { ParseOptions } from '../parse.js';
import { isDailyPapers, parseDailyPapers } from './hf-daily-papers.js';
import { toPaper } from './json-paper.js';
import { parseJsonText } from './json-syntax.js';

/**
 * A JSON array of paper objects (`[{ "title": …, "abstract": … }, …]`), or
 * a Hugging Face `daily_papers` response, told apart by its items.
 */
export function parseJson(text: string, options: ParseOptions): { format: DumpFormat; papers: ParsedPaper[] } {
  const value = parseJsonText(text, options.name, 1, options.feed ? FEED_HINT : 'fix the syntax, or export the dump again');
  if (!Array.isArray(value)) throw unreadable(options.name, 1, 'expected a JSON array of papers', 'wrap the paper objects in [ … ]');
  const lines = elementLines(text);
  if (isDailyPapers(value)) return { format: 'hf-daily-papers', papers: parseDailyPapers(value, lines, options) };
  const papers = value.map((item, index) =>
    toPaper(item, { name: options.name, line: lines[index], label: `paper ${index + 1}`, now: options.now }),
  );
  return { format: 'json', papers };
}

/**
 * The line on which each element of the top-level array starts. JSON.parse
 * keeps no positions, so one linear pass over the (already valid) text finds
 * them: raw line breaks cannot occur inside JSON strings.
 */
function elementLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let awaiting = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
    } else if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 44) {
      awaiting ||= depth === 1;
    } else if (c === 93 || c === 125) {
      depth--;
    } else if (c > 32) {
      if (awaiting && depth === 1) lines.push(line);
      awaiting = false;
      if (c === 34) inString = true;
      if (c === 91 || c === 123) awaiting = ++depth === 1;
    }
  }
  return lines;
}
