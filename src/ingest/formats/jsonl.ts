import type { ParsedPaper } from '../../types.js';
import { FEED_HINT, unreadable } from '../dump-error.js';
import { clean } from '../lines.js';
import type { ParseOptions } from '../parse.js';
import { toPaper } from './json-paper.js';
import { parseJsonText } from './json-syntax.js';

/**
 * One paper object per line; blank lines are skipped. A feed's object with
 * no title is an API's own answer (`{"error": "Invalid date"}`), quoted so
 * that the reader sees what the server said.
 */
export function parseJsonl(lines: string[], options: ParseOptions): ParsedPaper[] {
  const papers: ParsedPaper[] = [];
  for (let i = 0; i < lines.length; i++) {
    const text = clean(lines[i]);
    if (text === '') continue;
    const value = parseJsonText(text, options.name, i + 1, options.feed ? FEED_HINT : 'each line of a JSONL dump is one whole JSON object');
    // Valid JSON on one line holds no control characters, so it is shown as it is.
    if (options.feed && !hasTitle(value)) throw unreadable(options.name, i + 1, `a JSON object that is no paper: ${text.length > 100 ? `${text.slice(0, 100)}…` : text}`, FEED_HINT);
    papers.push(toPaper(value, { name: options.name, line: i + 1, label: 'the object', now: options.now }));
  }
  return papers;
}

function hasTitle(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'title' in value;
}
