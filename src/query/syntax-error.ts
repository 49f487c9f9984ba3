import { PaperboyError } from '../errors.js';

/**
 * A PB_QUERY_SYNTAX error pointing at `index` of `source`: the column and what
 * was expected, then the query with a caret under that column.
 */
export function syntaxError(source: string, index: number, message: string): PaperboyError {
  // Columns count characters as people see them, not UTF-16 code units.
  const column = [...source.slice(0, index)].length + 1;
  // Tabs and newlines would shift the caret away from the character it names.
  const shown = source.replace(/\s/g, ' ');
  const caret = `${' '.repeat(column - 1)}^`;
  return new PaperboyError('PB_QUERY_SYNTAX', `column ${column}: ${message}\n  ${shown}\n  ${caret}`, {
    column,
  });
}
