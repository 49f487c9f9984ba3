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

/** The two parts: each one's transfer encoding, and the lines of its body (between its blank line and the next delimiter). */
function partsOf(raw: Buffer): { encoding: string; lines: string[] }[] {
  const text = raw.toString('utf8');
  const boundary = /boundary="([^"]+)"/.exec(headOf(raw).replace(/\r\n\s+/g, ' '))![1];
  return text
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((part) => ({
      encoding: /Content-Transfer-Encoding: (\S+)/.exec(part)![1],
      lines: part.slice(part.indexOf('\r\n\r\n') + 4, -2).split('\r\n'),
    }));
}

/** Quoted-printable keeps lines within 76 characters, 7bit within 998 (RFC 5322). */
function expectShortLines(raw: Buffer): void {
  for (const part of partsOf(raw)) {
    const limit = part.encoding === '7bit' ? 998 : 76;
    for (const line of part.lines) expect(line.length).toBeLessThanOrEqual(limit);
  }
}

/**
 * The HTML as a reader gets it back: the same text, but where a long 7bit
 * line was folded at a space between two attributes (`" ` became `"` LF).
 */
function expectSameHtml(html: string | false | undefined, body: string): void {
  const expected = asRead(body);
  expect(typeof html === 'string' && html.length === expected.length).toBe(true);
  const read = html as string;
  for (let i = 0; i < read.length; i++) {
    if (read[i] !== expected[i]) expect([read[i - 1], read[i], expected[i]]).toEqual(['"', '\n', ' ']);
  }
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
  it('writes multipart/alternative: the text part in quoted-printable, then the HTML part, ASCII as it is (7bit)', async () => {
    const raw = buildMime(message(), DATE);
    const text = raw.toString('utf8');
    expect(headOf(raw)).toMatch(/^Content-Type: multipart\/alternative;\r\n boundary="=_pb_[0-9a-f]{32}"$/m);
    const plain = text.indexOf('Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n');
    const html = text.indexOf('Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n<p style="margin:0">Hello');
    expect(plain).toBeGreaterThan(0);
    expect(html).toBeGreaterThan(plain);
    const mail = await simpleParser(raw);
    expect(mail.text).toBe('Hello Ada\n\nFive new papers.\n');
    expect(mail.html).toBe('<p style="margin:0">Hello <strong>Ada</strong></p>\n');
  });

  it('folds a long 7bit HTML line between two attributes of a tag, never in its text', async () => {
    // Text full of places that look foldable ("quoted" then a space) and one space between attributes per span.
    const span = `<span class="pb" title="t">${'"quoted" word '.repeat(20)}</span>`;
    const html = `<p>${span.repeat(40)}</p>\n`;
    const raw = buildMime(message({ html }), DATE);
    const [, part] = partsOf(raw);
    expect(part.encoding).toBe('7bit');
    expect(part.lines.length).toBeGreaterThan(6);
    for (const line of part.lines.slice(1, -1)) expect(line).toMatch(/^title="t">/);
    expectShortLines(raw);
    expectSameHtml((await simpleParser(raw)).html, html);
  });

  it.each([
    ['a character outside ASCII', '<p>Café — 😀</p>'],
    ['a NUL', '<p>a\u0000b</p>'],
    ['a CR', '<p>a\r\nb</p>'],
    ['a line that starts with a dot', '<p>a\n.b</p>'],
    ['a line longer than 998 with nowhere to fold', `<p>${'x'.repeat(1200)}</p>`],
  ])('sends HTML with %s in quoted-printable', async (_name, html) => {
    const raw = buildMime(message({ html }), DATE);
    expect(partsOf(raw).map((part) => part.encoding)).toEqual(['quoted-printable', 'quoted-printable']);
    expect((await simpleParser(raw)).html).toBe(asRead(html));
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
    const lines = partsOf(raw).flatMap((part) => part.lines);
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

  it('writes each message its own sender and list headers, however many came before with others', async () => {
    const cases = [
      ['Paperboy', 'digest@example.org', 'Paperboy <a.example.org>'],
      ['Lab Papers', 'lab@example.net', 'Lab <b.example.net>'],
      ['Paperboy', 'digest@example.org', 'Lab <b.example.net>'],
    ];
    for (const [name, address, list] of cases) {
      const from = `"${name}" <${address}>`;
      const mail = await simpleParser(buildMime(message({ from, headers: { 'List-Id': list } }), DATE));
      expect(mail.from?.value).toEqual([{ name, address }]);
      expect(headOf(buildMime(message({ from, headers: { 'List-Id': list } }), DATE))).toContain(`List-Id: ${list}\r\n`);
    }
  });

  it('keeps each message\'s bytes while later ones are built (they share working memory), a message larger than it included', () => {
    const built = Array.from({ length: 120 }, (_, i) => {
      // Every tenth is far larger than the 2 MB the others share.
      const text = i % 10 === 9 ? `é ${i} `.repeat(300_000) : `message ${i} `.repeat(2_000);
      const raw = buildMime(message({ messageId: `<m${i}@example.org>`, text }), DATE);
      return { raw, copy: Buffer.from(raw) };
    });
    for (const { raw, copy } of built) expect(raw.equals(copy)).toBe(true);
    expect(new Set(built.map(({ raw }) => raw.toString('latin1').slice(-60))).size).toBe(built.length);
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
    expectSameHtml(html, body);
    expectShortLines(raw);
  });

  it('round-trips any text, with every body line within its encoding\'s limit (property)', async () => {
    const piece = fc.oneof(
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
      fc.constantFrom(' ', '\t', '\n', '\r\n', '\r', '=', '.', '-', '--', 'é', '—', '😀', '漢字', '  \n', '\t\r\n', 'x'.repeat(90), '<td a="1" b="2">', '" ', '<', '>'),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { minLength: 1, maxLength: 60 }), async (pieces) => {
        const body = pieces.join('');
        const { raw, text, html } = await roundTrip(body);
        expect(text).toBe(asRead(body));
        expectSameHtml(html, body);
        expectShortLines(raw);
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips any ASCII HTML, 7bit and folded where it can be (property)', async () => {
    let folded = 0;
    // Few line breaks, so that lines run past 998 and have to be folded.
    const piece = fc.oneof(
      { arbitrary: fc.constantFrom('<td a="1" b="2">', '" ', 'x'.repeat(120), 'word ', '=', '<', '>', '</td>'), weight: 40 },
      { arbitrary: fc.constant('\n'), weight: 1 },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { minLength: 1, maxLength: 200, size: 'max' }), async (pieces) => {
        const body = pieces.join('');
        const { raw, html } = await roundTrip(body);
        expectSameHtml(html, body);
        expectShortLines(raw);
        const [, part] = partsOf(raw);
        if (part.encoding === '7bit' && part.lines.length > body.split('\n').length) folded++;
      }),
      { numRuns: 200 },
    );
    expect(folded).toBeGreaterThan(20);
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
