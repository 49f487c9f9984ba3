import { PaperboyError } from '../errors.js';

/**
 * The one failure of parsing: the dump cannot be read. The message names the
 * file, the line when one is to blame, the reason and what to check:
 * `dumps/004.txt line 17: title without an abstract — is the file cut short?`
 */
export function unreadable(name: string, line: number | null, reason: string, hint: string): PaperboyError {
  const where = line === null ? name : `${name} line ${line}`;
  return new PaperboyError('PB_DUMP_UNREADABLE', `${where}: ${reason} — ${hint}`, line === null ? {} : { line });
}

/** What to check when a feed's answer cannot be read: the URL and whether the answer arrived whole, not an export. */
export const FEED_HINT = 'paperboy reads arXiv API responses (Atom), arXiv listing feeds (RSS) and Hugging Face daily_papers JSON: is the URL one of them, and did the whole answer arrive? The next poll tries again';

/** Dump text is untrusted: quote a short excerpt with control characters escaped. */
export function quote(text: string, max = 40): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}
