import { isPaperboyError, type PaperboyError } from '../../../src/errors.js';

/** The PB_QUERY_SYNTAX error that `parse` throws; fails the test if it throws nothing or something else. */
export function syntaxErrorOf(parse: () => unknown): PaperboyError {
  try {
    parse();
  } catch (error) {
    if (isPaperboyError(error, 'PB_QUERY_SYNTAX')) return error;
    throw error;
  }
  throw new Error('expected PB_QUERY_SYNTAX, but the query parsed');
}
