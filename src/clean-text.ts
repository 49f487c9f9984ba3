// Text from outside (dumps, forms, subscriber files) loses the characters
// that no reader means to send: control characters, which can end a header
// line or hide in a page, and bidi overrides, which make text read in a
// different order than it is stored ("Trojan Source"). Ingest, the config's
// subscriber files and the web forms all call these, so nothing stored holds
// them and no page or email echoes them.

// C0 controls but tab and line feed, DEL, C1 controls, and the bidi embeddings, overrides and isolates.
const UNWANTED = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
const LINE_BREAKS = /[\t\n\u000B-\u000D\u0085\u2028\u2029]/g;

/** Text that may span lines (an abstract): `\r\n` and `\r` become `\n`; other control characters and bidi overrides go. */
export function cleanText(text: string): string {
  const unix = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  return hasUnwanted(unix) ? unix.replace(UNWANTED, '') : unix;
}

/** One line (a title, a name, a topic): line breaks and tabs become spaces; other control characters and bidi overrides go. */
export function cleanLine(text: string): string {
  const spaced = LINE_BREAKS.test(text) ? text.replace(LINE_BREAKS, ' ') : text;
  LINE_BREAKS.lastIndex = 0;
  return hasUnwanted(spaced) ? spaced.replace(UNWANTED, '') : spaced;
}

function hasUnwanted(text: string): boolean {
  const found = UNWANTED.test(text);
  UNWANTED.lastIndex = 0;
  return found;
}
