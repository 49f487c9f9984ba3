// A topic line is a query, optionally named: `Diffusion: "diffusion model" -audio`.
//
// The name rule: the text before the first `: ` (colon, space) is the name when
// it is not empty and holds no quote, parenthesis or colon, and is not a field
// keyword (`title`, `abstract`). So `title:"speculative decoding"` and
// `title: x` have no name (the second is then a syntax error: nothing after
// `title:`), and an unnamed topic is named by its query text.
import type { Topic } from '../types.js';
import type { Query } from './ast.js';
import { parseQueryAt } from './parser.js';

export interface ParsedTopic extends Topic {
  /** Whether the line gave a name (otherwise `name` is the query text). */
  named: boolean;
  ast: Query;
}

const NAME_SEPARATOR = ': ';
const NOT_IN_NAMES = /["():]/;
const FIELD_KEYWORD = /^(title|abstract)$/i;

/** Parses one topic line; errors carry columns counted from the start of the line. */
export function parseTopic(line: string): ParsedTopic {
  const separator = line.indexOf(NAME_SEPARATOR);
  const name = separator === -1 ? '' : line.slice(0, separator).trim();
  const named = name !== '' && !NOT_IN_NAMES.test(name) && !FIELD_KEYWORD.test(name);
  const ast = parseQueryAt(line, named ? separator + NAME_SEPARATOR.length : 0);
  return { name: named ? name : ast.text, query: ast.text, named, ast };
}
