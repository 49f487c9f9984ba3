import { describe, expect, it } from 'vitest';
import { foldWord, stemWord, tokenise } from '../../../src/query/index.js';

describe('tokenise', () => {
  it('gives offsets into the original text', () => {
    const text = 'Out-of-Distribution LLMs, (naïve) café!';
    const tokens = tokenise(text);
    expect(tokens.map((token) => text.slice(token.start, token.end))).toEqual([
      'Out',
      'of',
      'Distribution',
      'LLMs',
      'naïve',
      'café',
    ]);
  });

  it('separates words at hyphens, punctuation, underscores and stars', () => {
    expect(tokenise('ell_p self-attention/MLP quantiz*x').map((token) => token.word)).toEqual([
      'ell',
      'p',
      'self',
      'attention',
      'mlp',
      'quantiz',
      'x',
    ]);
  });

  it('lowercases and stems', () => {
    expect(tokenise('Models Learning').map((token) => token.stem)).toEqual(['model', 'learn']);
    expect(tokenise('Models Learning').map((token) => token.word)).toEqual(['models', 'learning']);
  });

  it('folds diacritics, precomposed or combining, keeping the offsets of the original', () => {
    const combining = 'nai\u0308ve Bayes';
    const [first] = tokenise(combining);
    expect(first.word).toBe('naive');
    expect(combining.slice(first.start, first.end)).toBe('nai\u0308ve');
    expect(tokenise('naïve')[0].word).toBe('naive');
    expect(foldWord('Ångström')).toBe('angstrom');
  });

  it('makes acronym plurals singular before stemming', () => {
    expect(stemWord('LLMs')).toBe(stemWord('LLM'));
    expect(stemWord('GANs')).toBe(stemWord('GAN'));
    expect(stemWord('VAEs')).toBe(stemWord('VAE'));
    // Porter alone turns `sses` into `ss`, so this one needs the rule.
    expect(stemWord('SSEs')).toBe(stemWord('SSE'));
  });

  it('leaves words that are not all-caps plurals to the stemmer', () => {
    expect(stemWord('Gas')).toBe('ga');
    expect(stemWord('LoRAs')).toBe(stemWord('loras'));
  });

  it('finds no words in punctuation', () => {
    expect(tokenise(' — … !? ')).toEqual([]);
  });
});
