// The fast path in front of nodemailer's DataStream must put exactly
// nodemailer's bytes on the wire: it may only skip chunks nodemailer would
// have passed through unchanged.
import fc from 'fast-check';
import DataStream from 'nodemailer/lib/smtp-connection/data-stream.js';
import { describe, expect, it } from 'vitest';
import { installFastDotStuffing, needsStuffing, stuffSlowly, vouchForMime } from '../../../src/deliver/dot-stuffing.js';
import { buildMime } from '../../../src/deliver/mime.js';

/** What nodemailer's own loop makes of one chunk, after a chunk that ended with `lastByte`. */
function slow(chunk: Buffer, lastByte: number | false): Buffer {
  let out = chunk;
  const state = { inByteCount: 0, outByteCount: 0, lastByte, push: (pushed: Buffer) => ((out = pushed), true) };
  stuffSlowly.call(state, chunk, 'binary', () => {});
  return out;
}

async function throughDataStream(chunks: Buffer[]): Promise<Buffer> {
  const stream = new DataStream();
  const out: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => out.push(chunk));
  const ended = new Promise((resolve) => stream.on('end', resolve));
  for (const chunk of chunks) stream.write(chunk);
  stream.end();
  await ended;
  return Buffer.concat(out);
}

// Bytes that matter to dot-stuffing, and one that does not.
const bytes = fc.uint8Array({ maxLength: 60 }).map((raw) => Buffer.from(raw.map((b) => [0x0d, 0x0a, 0x2e, 0x61][b % 4])));
const lastByte = fc.constantFrom<number | false>(false, 0x0d, 0x0a, 0x2e, 0x61);

describe('needsStuffing', () => {
  it('is true exactly when nodemailer would change the chunk', () => {
    fc.assert(
      fc.property(bytes, lastByte, (chunk, last) => {
        fc.pre(chunk.length > 0);
        expect(needsStuffing(chunk, last)).toBe(!slow(chunk, last).equals(chunk));
      }),
      { numRuns: 3000 },
    );
  });

  it('finds nothing to do in our MIME, dots at line starts included', () => {
    const body = ['.', '.hidden', 'a line that ends with a dot.', 'x'.repeat(74) + '.after the soft break'].join('\n');
    const raw = buildMime({ messageId: '<m@example.org>', from: 'a@example.org', to: 'b@example.org', subject: 's', headers: {}, html: body, text: body }, new Date('2026-11-24T07:00:00Z'));
    expect(needsStuffing(raw, false)).toBe(false);
    // An ASCII HTML part goes 7bit, folded between attributes: its lines too.
    const html = `<p>${'<span class="a" title="b">. a dot.</span>'.repeat(60)}</p>\n.\n`;
    for (const body of [html, html.slice(0, -2)]) {
      const sevenBit = buildMime({ messageId: '<m@example.org>', from: 'a@example.org', to: 'b@example.org', subject: 's', headers: {}, html: body, text: 'text' }, new Date('2026-11-24T07:00:00Z'));
      expect(needsStuffing(sevenBit, false)).toBe(false);
    }
  });
});

describe('buildMime, whose messages the SMTP thread vouches for', () => {
  // Lines that start with dots, bare CRs and LFs, long lines, wide characters,
  // in the bodies and in the headers: nothing buildMime writes needs stuffing.
  const awkward = fc
    .array(fc.constantFrom('.', '..', '\r', '\n', '\r\n', ' ', '=', 'é', '😀', '<a href="x">', '" ', 'word', 'x'.repeat(80), '\0'), { maxLength: 40 })
    .map((parts) => parts.join(''));

  it('never writes a message that needs stuffing', () => {
    fc.assert(
      fc.property(awkward, awkward, awkward, awkward, (html, text, subject, name) => {
        const raw = buildMime(
          { messageId: '<m@example.org>', from: 'a@example.org', to: `"${name}" <b@example.org>`, subject, headers: { 'X-Topic': name }, html, text },
          new Date('2026-11-24T07:00:00Z'),
        );
        expect(needsStuffing(raw, false)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the fast path in DataStream', () => {
  it('passes a vouched message through untouched, and checks any other', async () => {
    installFastDotStuffing();
    // Deliberately one that would need stuffing: vouching skips the search.
    const vouched = Buffer.from('Subject: s\r\n\r\n.dot\r\n');
    vouchForMime(vouched);
    expect((await throughDataStream([vouched])).toString()).toBe('Subject: s\r\n\r\n.dot\r\n.\r\n');
    expect((await throughDataStream([Buffer.from(vouched)])).toString()).toBe('Subject: s\r\n\r\n..dot\r\n.\r\n');
  });


  it('sends the same bytes as nodemailer, however the message is cut into chunks', async () => {
    installFastDotStuffing();
    await fc.assert(
      fc.asyncProperty(fc.array(bytes, { maxLength: 6 }), async (chunks) => {
        let last: number | false = false;
        const expected: Buffer[] = [];
        for (const chunk of chunks.filter((c) => c.length > 0)) {
          expected.push(slow(chunk, last));
          last = chunk[chunk.length - 1];
        }
        const tail = last === 0x0a ? '.\r\n' : last === 0x0d ? '\n.\r\n' : '\r\n.\r\n';
        expect((await throughDataStream(chunks)).equals(Buffer.concat([...expected, Buffer.from(tail)]))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
