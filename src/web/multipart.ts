// The few text fields of a small multipart/form-data body, as RFC 8058's
// one-click unsubscribe example sends them. Files and anything unusual are
// ignored: this reads `List-Unsubscribe=One-Click`, not uploads.

export function parseSimpleMultipart(contentType: string, body: string): Record<string, string> {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const fields: Record<string, string> = {};
  if (!boundary) return fields;
  const delimiter = `--${boundary[1] ?? boundary[2]}`;
  for (const part of body.split(delimiter).slice(1)) {
    if (part.startsWith('--')) break;
    const split = part.search(/\r?\n\r?\n/);
    if (split < 0) continue;
    const headers = part.slice(0, split);
    const name = /content-disposition:[^\r\n]*;\s*name="([^"]*)"/i.exec(headers)?.[1];
    if (!name || /filename=/i.test(headers)) continue;
    fields[name] = part.slice(split).replace(/^\r?\n\r?\n/, '').replace(/\r?\n$/, '');
  }
  return fields;
}
