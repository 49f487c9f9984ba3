import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { squash } from '../../../src/render/spaces.js';
import { plural, wrap } from '../../../src/render/text-helpers.js';

describe('wrap', () => {
  it('breaks at spaces within the width and indents the following lines', () => {
    expect(wrap('aaa bbb ccc ddd eee fff ggg', 11, '  ')).toBe('aaa bbb ccc\n  ddd eee fff\n  ggg');
  });

  it('puts a word longer than the width (a URL) on a line of its own', () => {
    expect(wrap('see https://papers.example.org/d/a-very-long-token now', 20)).toBe('see\nhttps://papers.example.org/d/a-very-long-token\nnow');
  });

  it('keeps every word, in order, and no line longer than the width unless it is one word', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z]{1,30}$/), { maxLength: 60 }), fc.integer({ min: 11, max: 100 }), (words, width) => {
        const lines = wrap(words.join('  \n '), width).split('\n');
        expect(lines.join(' ').split(' ').filter(Boolean)).toEqual(words);
        for (const line of lines) if (line.includes(' ')) expect(line.length).toBeLessThanOrEqual(width);
      }),
    );
  });
});

describe('squash', () => {
  it('collapses every kind of whitespace to single spaces and trims', () => {
    expect(squash('  a\tb\r\n c\u00a0\u00a0d  ')).toBe('a b c d');
    expect(squash('already clean')).toBe('already clean');
    expect(squash('x\u2028y')).toBe('x y');
  });
});

describe('plural', () => {
  it('counts in words', () => {
    expect(plural(1, 'paper')).toBe('1 paper');
    expect(plural(3, 'paper')).toBe('3 papers');
    expect(plural(2, 'more paper')).toBe('2 more papers');
  });
});
