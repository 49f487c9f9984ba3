// Small helpers for walking the lines of a text dump.

/** The line without leading spaces or tabs (trailing ones are gone after normalising). */
export function clean(line: string): string {
  const c = line.charCodeAt(0);
  if (c !== 32 && c !== 9) return line;
  let start = 1;
  while (start < line.length && (line.charCodeAt(start) === 32 || line.charCodeAt(start) === 9)) start++;
  return line.slice(start);
}

/** Index of the first non-blank line at or after `from`, or `lines.length`. */
export function nextContent(lines: string[], from: number): number {
  let i = from;
  while (i < lines.length && clean(lines[i]) === '') i++;
  return i;
}

// A lone plain space, by far the most common, is left alone: replacing each
// one with itself made folding cost as much as parsing a feed's XML.
const SPACE_RUNS = /[^\S ]\s*| \s+/g;

/** Every run of white space as one space, trimmed: arXiv wraps titles and abstracts across lines. */
export function foldSpaces(text: string): string {
  return text.replace(SPACE_RUNS, ' ').trim();
}
