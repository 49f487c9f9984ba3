import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { syntaxErrorAt } from '../../../src/ingest/formats/json-syntax.js';
import { isHeaderLine } from '../../../src/ingest/header.js';
import { isMetadataLine } from '../../../src/ingest/metadata.js';
import { parseDump } from '../../../src/ingest/parse.js';
import { canBeTitle } from '../../../src/ingest/shape.js';
import type { DumpFormat, ParsedPaper } from '../../../src/types.js';

// Any papers, written out in each layout, parse back to the same papers.
// Excluded, as the layouts cannot tell them apart: text with line breaks
// (U+2028 and U+2029 too, which a title's cleaning turns into spaces) or
// NUL, edge whitespace (trimmed), titles that read as page chrome or
// metadata, and titles starting with `Subscribe` (the button glued to a
// title); and, as ingest removes them, control characters and bidi
// overrides.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const NOW = new Date('2025-11-26T10:00:00Z');

const text = (minLength: number, maxLength: number) =>
  fc
    .string({ unit: 'binary', minLength, maxLength })
    .filter((s) => !/[\0-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]|\p{Cs}/u.test(s) && s === s.trim());

const title = text(1, 200).filter((s) => canBeTitle(s) && !isHeaderLine(s) && !isMetadataLine(s) && !s.startsWith('Subscribe'));
const abstract = fc.oneof(text(0, 300).map((s) => `${s}.`.trim()), text(200, 400));
const day = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true });

const paper = fc.record({
  title,
  abstract: abstract.filter((s) => s !== ''),
  authorsCount: fc.option(fc.nat(999)),
  date: fc.option(fc.record({ day, upvotes: fc.option(fc.integer({ min: 1, max: 9999 })) })),
});
type Generated = typeof paper extends fc.Arbitrary<infer T> ? T : never;

function expected(papers: Generated[], withMetadata: boolean): Omit<ParsedPaper, 'line'>[] {
  return papers.map((p) => ({
    title: p.title,
    abstract: p.abstract,
    authorsCount: withMetadata ? p.authorsCount : null,
    authors: [],
    publishedAt: withMetadata && p.date ? p.date.day.toISOString().slice(0, 10) : null,
    upvotes: withMetadata && p.date ? p.date.upvotes : null,
    url: null,
    arxivId: null,
  }));
}

/** The dump text, and the line each title lands on. */
function write(format: DumpFormat, papers: Generated[]): { text: string; lines: number[] } {
  const out: string[] = [];
  const lines: number[] = [];
  const push = (...more: string[]) => out.push(...more);
  if (format === 'blank-pairs') push('new', '', 'Get trending papers in your email inbox!', '', 'Subscribe', '', 'byAK and the research community', '', 'Mar 11', '');
  if (format === 'metadata-pairs') push('new', '', 'Subscribe', '', 'Daily Papers', '', 'byAK and the research community', '', 'Nov 12', '');
  if (format === 'alternating') push('Get trending papers in your email inbox once a day!', 'Get trending papers in your email inbox!', 'Subscribe');
  papers.forEach((p) => {
    lines.push(out.length + 1);
    if (format === 'jsonl') {
      push(JSON.stringify({ title: p.title, abstract: p.abstract, authors: p.authorsCount, publishedAt: p.date?.day.toISOString().slice(0, 10), upvotes: p.date?.upvotes }));
    } else if (format === 'alternating') {
      push(p.title, p.abstract);
    } else {
      push(p.title, '', p.abstract, '');
      if (format === 'metadata-pairs') push(...metadata(p), '');
    }
  });
  return { text: out.join('\n'), lines };
}

function metadata(p: Generated): string[] {
  const lines = p.authorsCount === null ? [] : [`  • ${p.authorsCount} authors`, '·'];
  if (p.date === null) return lines;
  const d = p.date.day;
  const upvotes = p.date.upvotes === null ? '' : ` ${p.date.upvotes}`;
  return [...lines, `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}${upvotes}`];
}

describe('any papers, written in a layout, parse back', () => {
  for (const format of ['blank-pairs', 'metadata-pairs', 'alternating', 'jsonl'] as const) {
    it(format, () => {
      fc.assert(
        fc.property(fc.array(paper, { minLength: 1, maxLength: 8 }), (papers) => {
          const dump = write(format, papers);
          const parsed = parseDump(dump.text, { name: 'generated', now: NOW });
          // Without a single metadata line, metadata pairs are blank pairs.
          const bare = format === 'metadata-pairs' && papers.every((p) => p.authorsCount === null && p.date === null);
          expect(parsed.format).toBe(bare ? 'blank-pairs' : format);
          // JSON names the arXiv version it read (none here); the text layouts have no field for it.
          const read = parsed.papers.map(({ line: _line, arxivVersion: _version, ...rest }) => rest);
          expect(read).toEqual(expected(papers, format !== 'blank-pairs' && format !== 'alternating'));
          expect(parsed.papers.map((p) => p.line)).toEqual(dump.lines);
        }),
      );
    });
  }
});

describe('the JSON syntax locator', () => {
  const parses = (s: string) => {
    try {
      JSON.parse(s);
      return true;
    } catch {
      return false;
    }
  };
  const damaged = fc
    .tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', '}', ']', '"', ':', '\\', '\u0001', 'x'))
    .map(([json, at, insert]) => json.slice(0, at % (json.length + 1)) + insert + json.slice((at % (json.length + 1)) + 1));

  it('finds an error exactly when JSON.parse fails, inside the text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), damaged, fc.string()), (s) => {
        const at = syntaxErrorAt(s);
        expect(at === null).toBe(parses(s));
        if (at !== null) expect(at).toBeLessThanOrEqual(s.length);
      }),
      { numRuns: 2000 },
    );
  });
});
