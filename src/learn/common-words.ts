// Words too common to tell a reader anything about what they like ("upon",
// "were", "three"), left out of the words a preferences page shows: the ISO
// list of English stopwords (stopwords-en). Loaded at the first question:
// only training shows words, and most commands never train.
import { createRequire } from 'node:module';

let common: ReadonlySet<string> | undefined;

export function isCommonWord(word: string): boolean {
  common ??= new Set(createRequire(import.meta.url)('stopwords-en') as string[]);
  return common.has(word.toLowerCase());
}
