import fc from 'fast-check';
import { simpleParser, type AddressObject } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { boundaryFor, buildMime } from '../../../src/deliver/mime.js';
import { encodeQuotedPrintableTextInto, maxQuotedPrintableLength } from '../../../src/deliver/quoted-printable.js';
import type { Message } from '../../../src/types.js';

const DATE = new Date('2026-11-24T07:00:00Z');
const TOKEN = 'dW5zdWJzY3JpYmUKMQoK.WY8Q4ZUUoGGHawLAKRTsrgqskPFPxzlqrFyCeqspcVc';

function message(overrides: Partial<Message> = {}): Message {
  return {
    messageId: '<a12fc797dfdbd59d7278709ff6b5d2f6.daily@example.org>',
    from: '"Paperboy" <digest@example.org>',
    to: '"Ada" <ada@example.org>',
    subject: '5 new papers: Diffusion, OOD — Tue 24 Nov',
    headers: {
      'List-Id': 'Paperboy digests <digest.example.org>',
      'List-Unsubscribe': `<https://papers.example.org/unsubscribe?token=${TOKEN}>, <mailto:unsubscribe@example.org?subject=unsubscribe%20${TOKEN}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
    text: 'Hello Ada\n\nFive new papers.\n',
    html: '<p style="margin:0">Hello <strong>Ada</strong></p>\n',
    ...overrides,
  };
}

function headOf(raw: Buffer): string {
  const text = raw.toString('utf8');
  return text.slice(0, text.indexOf('\r\n\r\n'));
}

/** The lines of the two parts' bodies: everything between a part's blank line and the next delimiter. */
function bodyLines(raw: Buffer): string[] {
  const text = raw.toString('utf8');
  const boundary = /boundary="([^"]+)"/.exec(headOf(raw).replace(/\r\n\s+/g, ' '))![1];
  const parts = text.split(`--${boundary}`).slice(1, -1);
  return parts.flatMap((part) => part.slice(part.indexOf('\r\n\r\n') + 4, -2).split('\r\n'));
}

/** What a reader gets back: mailparser reads every kind of line break as LF. */
const asRead = (body: string) => body.replace(/\r\n?/g, '\n');

function addresses(field: AddressObject | AddressObject[] | undefined) {
  return (Array.isArray(field) ? field : field ? [field] : []).flatMap((group) => group.value);
}

async function roundTrip(body: string) {
  const raw = buildMime(message({ text: body, html: body }), DATE);
  const mail = await simpleParser(raw);
  return { raw, text: mail.text, html: mail.html };
}

describe('buildMime', () => {
  it('writes multipart/alternative: the text part, then the HTML part, UTF-8 in quoted-printable', async () => {
    const raw = buildMime(message(), DATE);
    const text = raw.toString('utf8');
    expect(headOf(raw)).toMatch(/^Content-Type: multipart\/alternative;\r\n boundary="=_pb_[0-9a-f]{32}"$/m);
    const plain = text.indexOf('Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n');
    const html = text.indexOf('Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n');
    expect(plain).toBeGreaterThan(0);
    expect(html).toBeGreaterThan(plain);
    const mail = await simpleParser(raw);
    expect(mail.text).toBe('Hello Ada\n\nFive new papers.\n');
    expect(mail.html).toBe('<p style="margin:0">Hello <strong>Ada</strong></p>\n');
    expect(text).toContain('<p style=3D"margin:0">');
  });

  it('writes the headers nodemailer wrote, in its order, and they read back', async () => {
    const raw = buildMime(message(), DATE);
    const names = headOf(raw)
      .split('\r\n')
      .filter((line) => !/^\s/.test(line))
      .map((line) => line.slice(0, line.indexOf(':')));
    expect(names).toEqual(['List-Id', 'List-Unsubscribe', 'List-Unsubscribe-Post', 'From', 'To', 'Subject', 'Message-ID', 'Date', 'MIME-Version', 'Content-Type']);
    expect(headOf(raw)).toContain('\r\nDate: Tue, 24 Nov 2026 07:00:00 +0000\r\n');
    const mail = await simpleParser(raw);
    expect(mail.subject).toBe('5 new papers: Diffusion, OOD — Tue 24 Nov');
    expect(headOf(raw)).toMatch(/^Subject: =\?UTF-8\?Q\?/m);
    expect(addresses(mail.from)).toEqual([{ name: 'Paperboy', address: 'digest@example.org' }]);
    expect(addresses(mail.to)).toEqual([{ name: 'Ada', address: 'ada@example.org' }]);
    expect(mail.messageId).toBe('<a12fc797dfdbd59d7278709ff6b5d2f6.daily@example.org>');
    expect(mail.date?.toISOString()).toBe('2026-11-24T07:00:00.000Z');
    const list = mail.headers.get('list') as { unsubscribe: { url: string; mail: string }; id: { id: string } };
    expect(list.unsubscribe.url).toBe(`https://papers.example.org/unsubscribe?token=${TOKEN}`);
    expect(list.unsubscribe.mail).toBe(`unsubscribe@example.org?subject=unsubscribe%20${TOKEN}`);
    expect(mail.headerLines.find((header) => header.key === 'list-unsubscribe-post')?.line).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
  });

  it('encodes non-ASCII names and subjects as RFC 2047 words that decode intact', async () => {
    const raw = buildMime(message({ to: '"Zoë Ångström-Łukasiewicz" <zoe@example.org>', subject: '3 new papers: Diffusion — 拡散 — Tue 24 Nov 😀' }), DATE);
    expect(headOf(raw)).toMatch(/^[\x20-\x7e\r\n]*$/);
    const mail = await simpleParser(raw);
    expect(addresses(mail.to)).toEqual([{ name: 'Zoë Ångström-Łukasiewicz', address: 'zoe@example.org' }]);
    expect(mail.subject).toBe('3 new papers: Diffusion — 拡散 — Tue 24 Nov 😀');
  });

  it('lets no CR or LF in a value or a name start a header of its own', async () => {
    const raw = buildMime(
      message({
        subject: 'Hello\r\n Bcc: victim@example.com\r\nBcc: other@example.com',
        to: '"Eve\r\nBcc: x@example.com" <ada@example.org>',
        headers: { 'List-Id': 'list\r\n Bcc: y@example.com\nBcc: z@example.com', 'X-Evil\r\nBcc': 'w@example.com', 'X-Colon: a': 'b' },
      }),
      DATE,
    );
    expect(headOf(raw)).not.toMatch(/^\s*Bcc:/im);
    // A field name loses what would end it early: CR, LF, spaces and colons.
    expect(headOf(raw)).toMatch(/^X-EvilBcc: w@example\.com$/m);
    expect(headOf(raw)).toMatch(/^X-Colona: b$/m);
    const mail = await simpleParser(raw);
    expect(mail.bcc).toBeUndefined();
    expect(mail.headers.has('bcc')).toBe(false);
    expect(mail.subject).toBe('Hello  Bcc: victim@example.com Bcc: other@example.com');
    expect(addresses(mail.to).map((to) => to.address)).toEqual(['ada@example.org']);
  });

  it('writes its own headers once, whatever the extra headers say', async () => {
    const raw = buildMime(message({ headers: { Subject: 'spoofed', 'content-type': 'text/plain', 'X-Mailer': 'paperboy' } }), DATE);
    expect(headOf(raw).match(/^Subject:/gim)).toHaveLength(1);
    expect(headOf(raw).match(/^Content-Type:/gim)).toHaveLength(1);
    expect((await simpleParser(raw)).headers.get('x-mailer')).toBe('paperboy');
  });

  it('uses CRLF only, folds headers at 78 where they have room, and keeps body lines within 76', () => {
    const raw = buildMime(message({ text: `${'word '.repeat(400)}\n${'x'.repeat(2000)}\n`, html: `<p>${'é'.repeat(999)}</p>` }), DATE);
    const text = raw.toString('utf8');
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(text.endsWith('--\r\n')).toBe(true);
    for (const line of headOf(raw).split('\r\n')) {
      // Only an unbreakable word (a long URL) may go past 78; RFC 5322 allows up to 998.
      if (line.length > 78) expect(line.trim()).not.toMatch(/\s/);
      expect(line.length).toBeLessThanOrEqual(998);
    }
    const lines = bodyLines(raw);
    expect(lines.length).toBeGreaterThan(60);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(76);
  });

  it('is the same bytes for the same message, and its boundary never occurs in a body', async () => {
    const boundary = boundaryFor(message().messageId);
    expect(boundary).toContain('=_');
    const hostile = `--${boundary}\n--${boundary}--\n`;
    expect(buildMime(message({ text: hostile }), DATE)).toEqual(buildMime(message({ text: hostile }), DATE));
    const mail = await simpleParser(buildMime(message({ text: hostile, html: hostile }), DATE));
    expect(mail.text).toBe(hostile);
    expect(mail.html).toBe(hostile);
  });

  it.each([
    ['plain ASCII', 'Diffusion models, explained.\nSee https://papers.example.org/p?a=1&b=2\n'],
    ['Unicode', 'Café — naïve 😀 漢字と仮名 Ωμέγα\n¡Sí! ✓\n'],
    ['a line longer than 76', `${'Lorem ipsum dolor sit amet '.repeat(4)}\nnext`],
    ['a line longer than 998', `${'x'.repeat(1500)}\n${'é—'.repeat(700)}\n${'a b '.repeat(400)}`],
    ['a line of only "="', `${'='.repeat(200)}\n=\n==`],
    ['trailing spaces and tabs before line breaks', 'one  \ntwo\t\nthree \t \n \n\t\nend '],
    ['a lone "." line', 'before\n.\nafter\n..\n.'],
    ['CRLF and lone CR', 'a\r\nb\rc\r\n\r\nd'],
    ['control characters', 'nul\u0000 bell\u0007 del\u007f esc\u001b'],
  ])('round-trips %s exactly', async (_name, body) => {
    const { raw, text, html } = await roundTrip(body);
    expect(text).toBe(asRead(body));
    expect(html).toBe(asRead(body));
    for (const line of bodyLines(raw)) expect(line.length).toBeLessThanOrEqual(76);
  });

  it('round-trips any text, with every body line within 76 characters (property)', async () => {
    const piece = fc.oneof(
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
      fc.constantFrom(' ', '\t', '\n', '\r\n', '\r', '=', '.', '-', '--', 'é', '—', '😀', '漢字', '  \n', '\t\r\n', 'x'.repeat(90)),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { minLength: 1, maxLength: 60 }), async (pieces) => {
        const body = pieces.join('');
        const { raw, text, html } = await roundTrip(body);
        expect(text).toBe(asRead(body));
        expect(html).toBe(asRead(body));
        for (const line of bodyLines(raw)) expect(line.length).toBeLessThanOrEqual(76);
      }),
      { numRuns: 300 },
    );
  });
});

describe('quoted-printable', () => {
  function encodeQuotedPrintableText(text: string): Buffer {
    const out = Buffer.alloc(maxQuotedPrintableLength(3 * text.length));
    return out.subarray(0, encodeQuotedPrintableTextInto(text, out, 0));
  }

  it('decodes to the UTF-8 of any text, line breaks as CRLF and a lone surrogate as U+FFFD (property)', () => {
    const piece = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 12 }),
      fc.string({ unit: 'binary', maxLength: 6 }),
      fc.constantFrom(' ', '\t', '\n', '\r\n', '\r', '=', '.', 'é', '—', '😀', '漢字', '\ud800', '\udc00x', ' \n', 'x'.repeat(90), '\u007f', '\u0000'),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => {
        const text = pieces.join('');
        const encoded = encodeQuotedPrintableText(text).toString('latin1');
        for (const line of encoded.split('\r\n')) expect(line).toMatch(/^(?:[!-<>-~ \t]|=[0-9A-F]{2})*=?$/);
        const decoded = Buffer.from(encoded.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_all, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))), 'latin1');
        expect(decoded.equals(Buffer.from(text.replace(/\r\n|\r|\n/g, '\r\n'), 'utf8'))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  const qp = (text: string) => encodeQuotedPrintableText(text).toString('latin1');

  it('escapes "=", non-ASCII bytes, control characters and blanks that end a line; keeps the rest as it is', () => {
    expect(qp('a=b')).toBe('a=3Db');
    expect(qp('é')).toBe('=C3=A9');
    expect(qp('a\u0000\u007f')).toBe('a=00=7F');
    expect(qp('a \nb\t\r\nc ')).toBe('a=20\r\nb=09\r\nc=20');
    // A dot that starts a line is escaped, so SMTP has nothing to dot-stuff.
    expect(qp('a b\tc. d\n.\n')).toBe('a b\tc. d\r\n=2E\r\n');
  });

  it('breaks long lines with "=" at 76 characters, never inside an escape or a character', () => {
    const lines = qp(`${'x'.repeat(200)}\n${'=é😀'.repeat(60)}`).split('\r\n');
    expect(lines[0]).toBe(`${'x'.repeat(75)}=`);
    for (const line of lines) {
      expect(line.length).toBeLessThanOrEqual(76);
      // Whole escapes only, then an optional soft break.
      expect(line).toMatch(/^(?:[^=]|=[0-9A-F]{2})*=?$/);
      // A line ends on a whole UTF-8 character: no lead byte without its continuation bytes.
      expect(line).not.toMatch(/=(?:C3|F0|9F|98)=?$/);
    }
  });

  it('never writes more than maxQuotedPrintableLength, even for the worst input (property)', () => {
    const out = Buffer.alloc(1 << 16);
    fc.assert(
      fc.property(fc.array(fc.constantFrom('=', '😀', 'é', '—', ' ', '\n', 'x', '\u0000', '\ud800'), { maxLength: 800 }), (pieces) => {
        const text = pieces.join('');
        expect(encodeQuotedPrintableTextInto(text, out, 0)).toBeLessThanOrEqual(maxQuotedPrintableLength(3 * text.length));
      }),
    );
  });
});
