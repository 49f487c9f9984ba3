// An HTML body that is ASCII (the renderer writes it so: render/ascii-html.ts)
// goes out as it is, 7bit (RFC 2045 §2.7): ASCII lines of at most 998
// characters ending in CRLF, no NUL, no lone CR. It is written with native
// searches and one copy instead of quoted-printable's pass over every byte,
// and it reads in any mail client, old or new. Anything else is left to
// quoted-printable.

/** RFC 5322's limit, CRLF not counted. */
const MAX_LINE = 998;

/**
 * `html` as a 7bit body: line ends as CRLF, and a line longer than
 * MAX_LINE broken at a space between two attributes of a tag, where a line
 * break means the same. Null when it cannot go so: a character outside
 * ASCII, a NUL or CR, the multipart boundary, a line that starts with a
 * dot, or a long line with no such space.
 */
export function sevenBitBody(html: string, boundary: string): string | null {
  // Every character is ASCII exactly when each takes one byte of UTF-8.
  if (Buffer.byteLength(html, 'utf8') !== html.length) return null;
  if (html.includes('\0') || html.includes('\r') || html.includes(boundary)) return null;
  // SMTP would have to double a dot that starts a line: quoted-printable
  // escapes it, and dot-stuffing.ts counts on our messages needing none.
  if (html.startsWith('.') || html.includes('\n.')) return null;
  const lines: string[] = [];
  let start = 0;
  for (;;) {
    const newline = html.indexOf('\n', start);
    const end = newline === -1 ? html.length : newline;
    while (end - start > MAX_LINE) {
      const fold = foldAt(html, start);
      if (fold === -1) return null;
      lines.push(html.slice(start, fold));
      start = fold + 1;
    }
    lines.push(html.slice(start, end));
    if (newline === -1) return lines.join('\r\n');
    start = newline + 1;
  }
}

/**
 * The last space in the line from `start` that comes after an attribute's
 * closing quote inside a tag (`<td style="…" class="…">`) and leaves at most
 * MAX_LINE characters before it; -1 if there is none. Between attributes
 * any whitespace means the same; a space of the text itself would not do
 * in <pre>, and a newline in an attribute's value is part of the value.
 */
function foldAt(html: string, start: number): number {
  for (let quote = html.lastIndexOf('" ', start + MAX_LINE - 1); quote >= start; quote = html.lastIndexOf('" ', quote - 1)) {
    if (html.lastIndexOf('<', quote) > html.lastIndexOf('>', quote)) return quote + 1;
    if (quote === 0) break;
  }
  return -1;
}
