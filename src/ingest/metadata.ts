import { matchDateLine } from './dates.js';

// The lines the page prints under an abstract: `  • 8 authors` (also `1 authors`),
// a lone `·`, and a date line (see dates.ts).
const AUTHORS = /^• ?(\d{1,6}) authors?$/;
export const SEPARATOR = '·';

/** The author count of an authors line, or null when the line is something else. */
export function matchAuthors(text: string): number | null {
  const match = AUTHORS.exec(text);
  return match === null ? null : Number(match[1]);
}

export function isMetadataLine(text: string): boolean {
  return text === SEPARATOR || matchAuthors(text) !== null || matchDateLine(text) !== null;
}
