import { describe, expect, it } from 'vitest';
import { leavesOf, parseQuery, type QueryNode } from '../../../src/query/index.js';

const key = (text: string) => parseQuery(text).key;

describe('parseQuery', () => {
  it('stems words and ANDs them implicitly', () => {
    expect(key('diffusion models')).toBe('(AND diffus model)');
  });

  it('reads an explicit AND like the implicit one', () => {
    expect(key('diffusion AND model')).toBe(key('diffusion model'));
  });

  it('reads phrases, stemmed', () => {
    expect(key('"Diffusion Models"')).toBe('"diffus model"');
  });

  it('reads a hyphenated word as a phrase', () => {
    expect(key('out-of-distribution')).toBe('"out of distribut"');
    expect(key('"out-of-distribution"')).toBe(key('out-of-distribution'));
  });

  it('reads prefixes on the unstemmed lowercase word', () => {
    const root = parseQuery('Quantiz*').root;
    expect(root).toMatchObject({ type: 'prefix', prefix: 'quantiz' });
  });

  it('allows a prefix as the last word of a phrase', () => {
    expect(key('"low-bit quant*"')).toBe('"low bit quant*"');
  });

  it('binds NOT tightest, then AND, then OR', () => {
    expect(key('a b OR c')).toBe('(OR (AND a b) c)');
    expect(key('a OR b c')).toBe('(OR a (AND b c))');
    expect(key('NOT a b')).toBe('(AND (NOT a) b)');
    expect(key('-a b OR c')).toBe('(OR (AND (NOT a) b) c)');
    expect(key('a AND b OR NOT c d')).toBe('(OR (AND a b) (AND (NOT c) d))');
  });

  it('groups with parentheses', () => {
    expect(key('a (b OR c)')).toBe('(AND a (OR b c))');
    expect(key('-(b OR c) a')).toBe('(AND (NOT (OR b c)) a)');
  });

  it('flattens nested groups of the same operator, so equal queries share a key', () => {
    expect(key('(a b) c')).toBe(key('a b c'));
    expect(key('a OR (b OR c)')).toBe(key('a OR b OR c'));
  });

  it('limits a word, phrase, prefix or group to a field', () => {
    expect(key('title:diffusion')).toBe('title:diffus');
    expect(key('abstract:"diffusion model"')).toBe('abstract:"diffus model"');
    expect(key('title:quantiz*')).toBe('title:quantiz*');
    expect(key('title:(a OR "b c") -abstract:d')).toBe('(AND (OR title:a title:"b c") (NOT abstract:d))');
    expect(key('Title:x')).toBe('title:x');
  });

  it('treats lowercase and, or, not as words', () => {
    expect(key('cats or dogs')).toBe('(AND cat or dog)');
  });

  it('keeps each leaf as written, for the why line', () => {
    const texts = leavesOf(parseQuery('title:"speculative decoding" OR LLMs -audio').root).map((leaf) => leaf.text);
    expect(texts).toEqual(['"speculative decoding"', 'LLMs', 'audio']);
  });

  it('records where each node starts in the source', () => {
    const root = parseQuery('diffusion -audio').root as QueryNode & { type: 'and' };
    expect(root.children.map((child) => child.start)).toEqual([0, 10]);
  });
});
