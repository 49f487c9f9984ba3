import { describe, expect, it } from 'vitest';
import { parseDump } from '../../../src/ingest/parse.js';
import { fixture, NOW, unreadable } from './helpers.js';

const parse = (input: Buffer | string, name = 'dumps/004.txt') => () => parseDump(input, { name, now: NOW });

/** The fixture with the given 1-based lines blanked out, so the other lines keep their numbers. */
function blanked(file: string, ...lines: number[]): string {
  return fixture(file)
    .toString()
    .split('\n')
    .map((text, i) => (lines.includes(i + 1) ? '' : text))
    .join('\n');
}

function withoutLines(file: string, ...lines: number[]): string {
  return fixture(file)
    .toString()
    .split('\n')
    .filter((_, i) => !lines.includes(i + 1))
    .join('\n');
}

describe('a dump that cannot be read', () => {
  it('cut short after a title names that line and asks whether the file is cut short', () => {
    const error = unreadable(parse(fixture('broken.txt'), 'dumps/broken.txt'));
    expect(error.message).toBe('dumps/broken.txt line 15: title without an abstract — is the file cut short?');
    expect(error.line).toBe(15);
    expect(error.exitCode).toBe(1);
  });

  it('with an abstract missing mid-file points at the title left without one', () => {
    // Line 13, TACO's abstract, is gone: the next title (line 15) would become its abstract.
    const error = unreadable(parse(blanked('blank-pairs.txt', 13)));
    expect(error.line).toBe(11);
    expect(error.message).toMatch(/^dumps\/004\.txt line 11: title without an abstract: line 15 \("Sharper Bounds for ell_p Sensitivity Sam…"\)/);
  });

  it('with a title missing mid-file points at the abstract left without one', () => {
    const error = unreadable(parse(blanked('blank-pairs.txt', 15)));
    expect(error.line).toBe(17);
    expect(error.message).toMatch(/^dumps\/004\.txt line 17: expected a title, found a 1487-character paragraph/);
  });

  it('alternating, with an odd number of lines, names the last title', () => {
    const error = unreadable(parse(withoutLines('alternating.txt', 8)));
    expect(error.message).toBe('dumps/004.txt line 7: title without an abstract — is the file cut short?');
  });

  it('alternating, with an abstract line lost, names the title before it', () => {
    const error = unreadable(parse(withoutLines('alternating.txt', 4)));
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/line 3: title without an abstract: line 4/);
  });

  it('metadata-pairs, with an abstract lost, sees the authors line where the abstract should be', () => {
    const error = unreadable(parse(blanked('metadata-pairs.txt', 15)));
    expect(error.message).toMatch(/^dumps\/004\.txt line 13: title without an abstract: line 17 \("• 8 authors"\)/);
  });

  it('metadata-pairs, with a title and abstract lost, sees a second metadata block under one paper', () => {
    const error = unreadable(parse(blanked('metadata-pairs.txt', 21, 23)));
    expect(error.line).toBe(25);
    expect(error.message).toMatch(/line 25: a second authors line for the paper at line 13/);
    const dates = unreadable(parse(blanked('metadata-pairs.txt', 21, 23, 25)));
    expect(dates.message).toMatch(/line 27: a second date line for the paper at line 13/);
  });

  it('metadata-pairs, starting with stray metadata, does not read it as a title', () => {
    const error = unreadable(parse(withoutLines('metadata-pairs.txt', 13, 14, 15, 16)));
    expect(error.line).toBe(13);
    expect(error.message).toMatch(/line 13: metadata line "• 8 authors" where a title is expected/);
  });

  it('with a date that is not in the calendar names its line', () => {
    const text = fixture('metadata-pairs.txt').toString().replace('Aug 19, 2020', 'Feb 30, 2020');
    const error = unreadable(parse(text));
    expect(error.line).toBe(27);
    expect(error.message).toMatch(/line 27: "Feb 30, 2020" is not a calendar date/);
  });

  it('with a NUL byte is binary', () => {
    const bytes = Buffer.concat([fixture('blank-pairs.txt').subarray(0, 20), Buffer.from([0]), fixture('blank-pairs.txt').subarray(20)]);
    const error = unreadable(parse(bytes));
    expect(error.line).toBe(3); // byte 20 is on the third line
    expect(error.message).toMatch(/^dumps\/004\.txt line 3: binary content/);
  });

  it('with invalid UTF-8 is not text, and says where', () => {
    const text = fixture('blank-pairs.txt');
    const at = text.indexOf('Sharper');
    const bytes = Buffer.concat([text.subarray(0, at), Buffer.from([0xc3, 0x28]), text.subarray(at)]);
    const error = unreadable(parse(bytes));
    expect(error.line).toBe(15);
    expect(error.message).toMatch(/line 15: not UTF-8 text \(invalid byte 0xc3/);
  });

  it('in UTF-16 with its byte-order mark is read as UTF-16 (Notepad saves so)', () => {
    const text = fixture('blank-pairs.txt').toString();
    const little = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const big = Buffer.from(little);
    big.swap16();
    const utf8 = parseDump(text, { name: 'x', now: NOW }).papers;
    expect(utf8.length).toBeGreaterThan(0);
    expect(parseDump(little, { name: 'x', now: NOW }).papers).toEqual(utf8);
    expect(parseDump(big, { name: 'x', now: NOW }).papers).toEqual(utf8);
    // Cut in the middle of a character.
    expect(unreadable(parse(little.subarray(0, 101))).message).toBe('dumps/004.txt: not utf-16le text, as its start says — save it as UTF-8 text');
  });

  it('in UTF-16 without its byte-order mark is binary, and says it looks like UTF-16', () => {
    const bytes = Buffer.from(fixture('blank-pairs.txt').toString(), 'utf16le');
    expect(unreadable(parse(bytes)).message).toMatch(/line 1: binary content \(a NUL byte at byte 1\) — the file looks like UTF-16 without its byte-order mark: save it as UTF-8 text$/);
  });

  it('in the encoding its XML declaration names is read in it; one paperboy cannot read is named', () => {
    const feed = (encoding: string, title: string) =>
      `<?xml version="1.0" encoding="${encoding}"?>\n<rss version="2.0"><channel><item><title>${title}</title><description>arXiv:2411.00001v1 Announce Type: new Abstract: Une étude.</description></item></channel></rss>`;
    const [paper] = parseDump(Buffer.from(feed('ISO-8859-1', 'Réseaux à mémoire'), 'latin1'), { name: 'x', now: NOW }).papers;
    expect(paper).toMatchObject({ title: 'Réseaux à mémoire', abstract: 'Une étude.' });
    // Read as UTF-8, the same bytes are not text.
    expect(unreadable(parse(Buffer.from(feed('UTF-8', 'Réseaux'), 'latin1'))).message).toMatch(/not UTF-8 text \(invalid byte 0xe9/);
    expect(unreadable(parse(Buffer.from(feed('x-klingon', 'Réseaux'), 'latin1'))).message).toBe('dumps/004.txt line 1: an encoding paperboy cannot read ("x-klingon") — save it as UTF-8 text');
  });

  it('given as a string with a NUL or a lone surrogate is not text', () => {
    expect(unreadable(parse('new\n\nTitle\u0000')).line).toBe(3);
    expect(unreadable(parse('new\n\nTitle \ud800 x')).message).toMatch(/line 3: not UTF-8 text/);
  });

  it('that is empty says so', () => {
    expect(unreadable(parse('')).message).toBe('dumps/004.txt: the file is empty — is it still being written, or did the export fail?');
    expect(unreadable(parse('\ufeff \r\n\t\n\n')).message).toMatch(/the file is empty/);
  });

  it('with only a page header has no papers', () => {
    const header = fixture('blank-pairs.txt').toString().split('\n').slice(0, 10).join('\n');
    expect(unreadable(parse(header)).message).toMatch(/^dumps\/004\.txt: no papers found in this blank-pairs dump/);
    expect(unreadable(parse('[]')).message).toMatch(/no papers found in this json dump/);
  });

  it('in a layout it does not know says so at the first line', () => {
    const csv = unreadable(parse('\n\ntitle,abstract\n"A paper","An abstract"\n'));
    expect(csv.line).toBe(3);
    expect(csv.message).toMatch(/^dumps\/004\.txt line 3: unknown layout/);
    // It points at a file users have: the README ships with the package, DESIGN.md does not.
    expect(csv.message).toContain('under "Dumps" in its README');
    expect(csv.message).not.toContain('DESIGN.md');
    expect(unreadable(parse('<!doctype html>\n<html><body><p>Papers</p></body></html>\n')).message).toMatch(/line 1: an HTML page, not a feed/);
  });

  it('with a JSON syntax error names its line', () => {
    const text = '[\n  {"title": "A", "abstract": "B"},\n  {"title": "C", "abstract": }\n]\n';
    const error = unreadable(parse(text, 'dumps/004.json'));
    expect(error.line).toBe(3);
    expect(error.message).toBe('dumps/004.json line 3: invalid JSON: unexpected "}" at column 30 — fix the syntax, or export the dump again');
    expect(unreadable(parse('[\n  {"title": "A",\n')).message).toMatch(/line 3: invalid JSON: the text ends inside a value/);
  });

  it('with a JSON paper missing its abstract names the paper and its line', () => {
    const text = fixture('papers.json').toString().replace('"abstract": "Multi-armed', '"summary": "Multi-armed');
    const error = unreadable(parse(text, 'dumps/004.json'));
    expect(error.line).toBe(11);
    expect(error.message).toBe(
      'dumps/004.json line 11: paper 2 has no "abstract" — every paper is an object with a non-empty "title" and "abstract"',
    );
  });

  it('with a JSON paper that is not an object, or a field of the wrong type, names it', () => {
    expect(unreadable(parse('[{"title":"A","abstract":"B"},\n 7]')).message).toMatch(/line 2: paper 2 is not an object/);
    expect(unreadable(parse('[{"title":"A","abstract":"B","upvotes":"many"}]')).message).toMatch(/line 1: paper 1 has a "upvotes" that is not a whole number/);
    expect(unreadable(parse('[{"title":"A","abstract":"B","publishedAt":"soon"}]')).message).toMatch(/"publishedAt" that is not a date/);
  });

  it('with a JSONL line broken or missing a title names that line', () => {
    const lines = fixture('papers.jsonl').toString().split('\n');
    const broken = [lines[0], lines[1].slice(0, 40), lines[2]].join('\n');
    expect(unreadable(parse(broken, 'dumps/004.jsonl')).message).toBe(
      'dumps/004.jsonl line 2: invalid JSON: the text ends inside a value — each line of a JSONL dump is one whole JSON object',
    );
    const untitled = [lines[0], lines[1], lines[2].replace('"title"', '"name"')].join('\n');
    const error = unreadable(parse(untitled, 'dumps/004.jsonl'));
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/line 3: the object has no "title"/);
  });
});
