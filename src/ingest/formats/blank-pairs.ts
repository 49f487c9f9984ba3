import type { ParsedPaper } from '../../types.js';
import type { ParseOptions } from '../parse.js';
import { readPairs } from './pairs.js';

/** Page header, then `title`, blank, `abstract`, blank, … */
export function parseBlankPairs(lines: string[], options: ParseOptions): ParsedPaper[] {
  return readPairs(lines, options);
}
