import { createHash } from 'node:crypto';

/**
 * The title as identity sees it: NFKC (full-width and ligature forms fold to
 * plain ones), case folded, and every run of characters that are not letters,
 * marks or digits read as one space. `Sliced-Wasserstein` and `sliced
 * wasserstein` are one title; `SAM2Long` and `SAM 2 Long` are not.
 */
export function normaliseTitle(title: string): string {
  // Upper then lower case approximates full case folding: `ß` and `SS` both become `ss`.
  const folded = title.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC');
  return folded.replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ').trim();
}

/** A paper's id: the first 16 hex digits (64 bits) of the SHA-256 of its normalised title. */
export function fingerprint(title: string): string {
  // A title of punctuation alone normalises to nothing: hash it as written rather than merge all such titles.
  const key = normaliseTitle(title) || title.normalize('NFKC');
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}
