import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../../src/ingest/detect.js';
import { normaliseDump } from '../../../src/ingest/normalise.js';
import { fixture } from './helpers.js';

const detect = (text: string) => detectFormat(normaliseDump(text).lines);
const ABSTRACT = 'We propose a method. '.repeat(12).trim();

describe('detectFormat', () => {
  it('reads the layout of each fixture from its content', () => {
    expect(detect(fixture('blank-pairs.txt').toString())).toBe('blank-pairs');
    expect(detect(fixture('metadata-pairs.txt').toString())).toBe('metadata-pairs');
    expect(detect(fixture('alternating.txt').toString())).toBe('alternating');
    expect(detect(fixture('papers.json').toString())).toBe('json');
    expect(detect(fixture('papers.jsonl').toString())).toBe('jsonl');
  });

  it('needs no page header when the text opens with a title and its abstract', () => {
    expect(detect(`A Title\n\n${ABSTRACT}\n\nAnother Title\n\n${ABSTRACT}\n`)).toBe('blank-pairs');
    expect(detect(`A Title\n${ABSTRACT}\nAnother Title\n${ABSTRACT}\n`)).toBe('alternating');
    expect(detect(`A Title\n${ABSTRACT}\n`)).toBe('alternating');
  });

  it('does not take a title in brackets for JSON', () => {
    expect(detect(`[Re] Reproducing a Paper\n\n${ABSTRACT}\n`)).toBe('blank-pairs');
    expect(detect(`{Braces} in a Title\n\n${ABSTRACT}\n`)).toBe('blank-pairs');
    expect(detect('[\n\n  {"title": "a"}]')).toBe('json');
  });

  it('knows no other layout', () => {
    expect(detect('')).toBeNull();
    expect(detect('title,abstract\n"A","B"\n')).toBeNull();
    expect(detect('# Papers\n\nSome notes\n')).toBeNull();
  });
});
