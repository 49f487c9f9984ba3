import { describe, expect, it } from 'vitest';
import { parseDump } from '../../../src/ingest/parse.js';
import type { ParsedPaper } from '../../../src/types.js';
import { fixture, NOW } from './helpers.js';

// The same dump, saved by other tools: each must give the same papers.
const VARIANTS: Record<string, (text: string) => string | Buffer> = {
  'CRLF line ends': (text) => text.replace(/\n/g, '\r\n'),
  'CR line ends': (text) => text.replace(/\n/g, '\r'),
  'a UTF-8 byte-order mark': (text) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
  'trailing spaces and tabs': (text) => text.replace(/\n/g, ' \t \n'),
  'no final newline': (text) => text.replace(/\n+$/, ''),
  'all of those at once': (text) => `\ufeff${text.replace(/\n+$/, '').replace(/\n/g, '  \r\n')}`,
};

// Extra blank lines move the papers down, so only their line numbers change.
const MORE_BLANKS: Record<string, (text: string) => string> = {
  'extra blank lines between and around': (text) => `\n\n${text.replace(/\n\n/g, '\n\n\n\n')}\n\n\n`,
  'blank lines holding only spaces': (text) => `  \n${text.replace(/\n\n/g, '\n \t\n\n')}\t\n`,
};

const withoutLines = (papers: ParsedPaper[]) => papers.map(({ line: _line, ...paper }) => paper);

describe.each(['blank-pairs.txt', 'metadata-pairs.txt', 'alternating.txt'])('%s saved messily', (file) => {
  const clean = fixture(file).toString();
  const expected = parseDump(clean, { name: file, now: NOW });

  it.each(Object.keys(VARIANTS))('with %s parses to the same papers', (variant) => {
    const messy = parseDump(VARIANTS[variant](clean), { name: file, now: NOW });
    expect(messy.format).toBe(expected.format);
    expect(messy.papers).toEqual(expected.papers);
  });

  it.each(Object.keys(MORE_BLANKS))('with %s parses to the same papers', (variant) => {
    const messy = parseDump(MORE_BLANKS[variant](clean), { name: file, now: NOW });
    expect(withoutLines(messy.papers)).toEqual(withoutLines(expected.papers));
  });
});

describe('an alternating dump with blank lines', () => {
  it('still pairs each title with its abstract', () => {
    const clean = fixture('alternating.txt').toString();
    const spaced = clean.replace(/\n/g, '\n\n');
    const expected = withoutLines(parseDump(clean, { name: 'a', now: NOW }).papers);
    expect(withoutLines(parseDump(spaced, { name: 'a', now: NOW }).papers)).toEqual(expected);
  });
});
