import type { ParsedPaper } from '../../types.js';
import { clean } from '../lines.js';
import type { ParseOptions } from '../parse.js';
import { toPaper } from './json-paper.js';
import { parseJsonText } from './json-syntax.js';

/** One paper object per line; blank lines are skipped. */
export function parseJsonl(lines: string[], options: ParseOptions): ParsedPaper[] {
  const papers: ParsedPaper[] = [];
  for (let i = 0; i < lines.length; i++) {
    const text = clean(lines[i]);
    if (text === '') continue;
    const value = parseJsonText(text, options.name, i + 1, 'each line of a JSONL dump is one whole JSON object');
    papers.push(toPaper(value, { name: options.name, line: i + 1, label: 'the object', now: options.now }));
  }
  return papers;
}
