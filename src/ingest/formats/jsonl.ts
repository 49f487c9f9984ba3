import type { ParsedPaper } from '../../types.js';
import { FEED_HINT, unreadable } from '../dump-error.js';
import { clean } from '../lines.js';
import type { ParseOptions } from '../parse.js';
import { toPaper } from './json-paper.js';
import { parseJsonText } from './json-syntax.js';

/** One paper object per line; blank lines are skipped. */
export function parseJsonl(lines: string[], options: ParseOptions): ParsedPaper[] {
  if (options.feed) refuseApiAnswer(lines, options);
  const papers: ParsedPaper[] = [];
  for (let i = 0; i < lines.length; i++) {
    const text = clean(lines[i]);
    if (text === '') continue;
    const value = parseJsonText(text, options.name, i + 1, options.feed ? FEED_HINT : 'each line of a JSONL dump is one whole JSON object');
    papers.push(toPaper(value, { name: options.name, line: i + 1, label: 'the object', now: options.now }));
  }
  return papers;
}

/**
 * A feed's answer that is one JSON object with no title, on one line or
 * pretty-printed over several, is the API's own answer
 * (`{"error": "Invalid date"}`): quoted, so that the reader sees what the
 * server said, instead of read as a paper without a title.
 */
function refuseApiAnswer(lines: string[], options: ParseOptions): void {
  let value: unknown;
  try {
    value = JSON.parse(lines.join('\n'));
  } catch {
    // Not one value: JSONL proper, or broken; the lines say which.
    return;
  }
  if (hasTitle(value)) return;
  // Made again by JSON.stringify, it is one line with every control character escaped.
  const text = JSON.stringify(value);
  throw unreadable(options.name, 1, `a JSON object that is no paper: ${text.length > 100 ? `${text.slice(0, 100)}…` : text}`, FEED_HINT);
}

function hasTitle(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'title' in value;
}
