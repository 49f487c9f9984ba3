import type { Document } from 'yaml';
import { PaperboyError, type ErrorCode } from '../errors.js';

// Anchors and aliases can make a few lines expand exponentially ("billion
// laughs"). The yaml library stops at maxAliasCount with a ReferenceError;
// this turns that into the error of the file it came from.
const MAX_ALIASES = 100;

/** The document's value; an alias bomb is `code` naming the file. */
export function yamlValue(doc: Document, path: string, code: ErrorCode): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    if (error instanceof ReferenceError) {
      throw new PaperboyError(code, `${path}: its YAML aliases (*name) expand too far (more than ${MAX_ALIASES} uses of one anchor) — write the values out instead of repeating anchors`, { cause: error });
    }
    throw error;
  }
}
