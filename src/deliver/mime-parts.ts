// The leaf parts of a MIME message, decoded: enough to read the machine
// parts of a report (message/delivery-status, message/feedback-report),
// which mailparser folds into the message's text. A message/rfc822 part is
// a leaf here: its bytes are what we search for our own addresses.

export interface MimePart {
  /** Lower-cased, without parameters: `message/delivery-status`. */
  type: string;
  body: string;
}

export function mimeParts(raw: string, depth = 0): MimePart[] {
  const text = raw.replace(/\r\n/g, '\n');
  const split = text.indexOf('\n\n');
  const head = split < 0 ? text : text.slice(0, split);
  const body = split < 0 ? '' : text.slice(split + 2);
  const headers = unfold(head);
  const contentType = headers.get('content-type') ?? 'text/plain';
  const type = contentType.split(';')[0].trim().toLowerCase();
  const boundary = /boundary\s*=\s*(?:"([^"]+)"|([^\s;]+))/i.exec(contentType);
  if (type.startsWith('multipart/') && boundary && depth < 8) {
    const marker = `--${boundary[1] ?? boundary[2]}`;
    const pieces = body.split(new RegExp(`^${escapeRegExp(marker)}(?:--)?[ \\t]*$`, 'm')).slice(1, -1);
    return pieces.flatMap((piece) => mimeParts(piece.replace(/^\n/, ''), depth + 1));
  }
  return [{ type, body: decode(body, (headers.get('content-transfer-encoding') ?? '').trim().toLowerCase()) }];
}

function unfold(head: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) {
      const name = line.slice(0, colon).trim().toLowerCase();
      if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
    }
  }
  return headers;
}

function decode(body: string, encoding: string): string {
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('latin1');
  if (encoding === 'quoted-printable') {
    return body.replace(/=\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  }
  return body;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
