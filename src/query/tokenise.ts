// Splits text into words the same way for papers and for queries, so that a
// query word and a paper word meet on the same normalised, stemmed form.
import { stemmer } from 'stemmer';

/** One word of a text, with its place in the original string. */
export interface Token {
  /** Offset of the first code unit in the original text. */
  start: number;
  /** Offset just past the last code unit in the original text. */
  end: number;
  /** Lowercase, diacritics folded, not stemmed: what a prefix is compared with. */
  word: string;
  /** The Porter stem of `word` (acronym plurals made singular first). */
  stem: string;
}

// Letters, digits and combining marks make words; everything else (hyphens,
// punctuation, `_`, `*`, quotes) separates them, in papers and queries alike.
const WORD_RUN = /[\p{L}\p{N}\p{M}]+/gu;
const PLAIN_ASCII = /^[A-Za-z0-9]+$/;
const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]/gu;
// `LLMs`, `GANs`, `VAEs`: Porter would turn `vaes`/`sses`-like endings into
// something other than the singular's stem, so the `s` is dropped first.
const ACRONYM_PLURAL = /^\p{Lu}[\p{Lu}\p{N}]*\p{Lu}s$/u;

/** Lowercase, fold diacritics (NFKD, drop marks) and keep letters and digits only. */
export function foldWord(raw: string): string {
  if (PLAIN_ASCII.test(raw)) return raw.toLowerCase();
  return raw.normalize('NFKD').replace(NOT_LETTER_OR_DIGIT, '').toLowerCase();
}

/** The stem a raw word (as written) is indexed and searched under. */
export function stemWord(raw: string, word: string = foldWord(raw)): string {
  const singular = ACRONYM_PLURAL.test(raw) ? word.slice(0, -1) : word;
  return stemmer(singular);
}

/** Memoises stems: a batch of papers repeats the same few thousand words. */
export type StemCache = Map<string, string>;

/** The words of `text`, with offsets into `text` itself (not its normalised form). */
export function tokenise(text: string, cache?: StemCache): Token[] {
  const tokens: Token[] = [];
  scanWords(text, (raw, start) => {
    const word = foldWord(raw);
    if (word === '') return;
    tokens.push({ start, end: start + raw.length, word, stem: cachedStem(raw, word, cache) });
  });
  return tokens;
}

/**
 * Calls `visit` with each run of word characters as written, and its offset;
 * for indexers that memoise by the raw word. A run may fold to nothing (a
 * lone combining mark): `foldWord` tells.
 */
export function scanWords(text: string, visit: (raw: string, start: number) => void): void {
  // An exec loop over one shared regex: matchAll clones it per call, which
  // shows when a batch tokenises a thousand abstracts.
  WORD_RUN.lastIndex = 0;
  for (let match = WORD_RUN.exec(text); match !== null; match = WORD_RUN.exec(text)) {
    visit(match[0], match.index);
  }
}

function cachedStem(raw: string, word: string, cache: StemCache | undefined): string {
  if (cache === undefined) return stemWord(raw, word);
  // The acronym rule depends on the case as written, so the raw form is the key.
  let stem = cache.get(raw);
  if (stem === undefined) {
    stem = stemWord(raw, word);
    cache.set(raw, stem);
  }
  return stem;
}
