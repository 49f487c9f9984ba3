import type { ParsedPaper } from '../../types.js';
import type { ParseOptions } from '../parse.js';
import { readPairs } from './pairs.js';

/** Page header with the first title glued to `Subscribe`, then title and abstract on alternate lines. */
export function parseAlternating(lines: string[], options: ParseOptions): ParsedPaper[] {
  return readPairs(lines, options);
}
