// Whitespace clean-up for text shown to readers. These run for every paper
// of every message, so the common case (text that is already clean) is
// checked with a character loop, which costs a fraction of a regex.

/** Single spaces, trimmed. */
export function squash(text: string): string {
  return isSingleSpaced(text) ? text : text.replace(/\s+/g, ' ').trim();
}

/** True when the text holds no whitespace but single spaces between words. */
export function isSingleSpaced(text: string): boolean {
  const last = text.length - 1;
  for (let at = 0; at <= last; at++) {
    const code = text.charCodeAt(at);
    if (code === 32) {
      if (at === 0 || at === last || text.charCodeAt(at + 1) === 32) return false;
    } else if (code < 32 || code === 0xa0 || code === 0x85 || (code >= 0x1680 && /\s/.test(text[at]))) {
      return false;
    }
  }
  return true;
}
