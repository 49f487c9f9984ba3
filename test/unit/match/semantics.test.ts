// Which papers each query form matches.
import { describe, expect, it } from 'vitest';
import { buildIndex, matchQuery } from '../../../src/match/index.js';
import { makePaper } from './papers.js';

const papers = [
  makePaper({ title: 'Diffusion Models Beat GANs', abstract: 'We train a model with learned noise.' }),
  makePaper({ title: 'Audio Diffusion', abstract: 'A diffusion model for audio and speech.' }),
  makePaper({ title: 'Robust training', abstract: 'Out of distribution detection for LLMs.' }),
  makePaper({ title: 'Quantization-aware training', abstract: 'We quantize weights of large language models.' }),
  makePaper({ title: 'Model merging', abstract: 'Merging diffusion checkpoints; no noise model.' }),
  makePaper({ title: 'Naïve Bayes revisited', abstract: 'An out-of-distributions benchmark for the LLM era.' }),
];
const index = buildIndex(papers);

function titles(query: string): string[] {
  return matchQuery(index, query)
    .map((match) => match.paper.title)
    .sort();
}

describe('matching', () => {
  it('matches a word in title or abstract, case-insensitively and stemmed', () => {
    expect(titles('GAN')).toEqual(['Diffusion Models Beat GANs']);
    expect(titles('learning')).toEqual(['Diffusion Models Beat GANs']);
    expect(titles('models')).toEqual(['Audio Diffusion', 'Diffusion Models Beat GANs', 'Model merging', 'Quantization-aware training']);
  });

  it('matches acronym plurals and singulars both ways', () => {
    expect(titles('LLMs')).toEqual(['Naïve Bayes revisited', 'Robust training']);
    expect(titles('LLM')).toEqual(titles('LLMs'));
  });

  it('folds diacritics', () => {
    expect(titles('naive')).toEqual(['Naïve Bayes revisited']);
  });

  it('needs every word of an AND, written or implicit', () => {
    expect(titles('diffusion noise')).toEqual(['Diffusion Models Beat GANs', 'Model merging']);
    expect(titles('diffusion AND noise')).toEqual(titles('diffusion noise'));
  });

  it('needs a phrase adjacent and in order, and stems it', () => {
    expect(titles('"diffusion model"')).toEqual(['Audio Diffusion', 'Diffusion Models Beat GANs']);
    expect(titles('"model diffusion"')).toEqual([]);
  });

  it('treats hyphens as spaces, in the query and in the papers', () => {
    expect(titles('"out-of-distribution"')).toEqual(['Naïve Bayes revisited', 'Robust training']);
    expect(titles('out-of-distribution')).toEqual(titles('"out of distribution"'));
    expect(titles('"quantization aware"')).toEqual(['Quantization-aware training']);
  });

  it('matches a prefix against unstemmed words', () => {
    expect(titles('quantiz*')).toEqual(['Quantization-aware training']);
    expect(titles('merg*')).toEqual(['Model merging']);
  });

  it('matches either side of OR', () => {
    expect(titles('GANs OR speech')).toEqual(['Audio Diffusion', 'Diffusion Models Beat GANs']);
  });

  it('excludes with - and NOT', () => {
    expect(titles('diffusion -audio')).toEqual(['Diffusion Models Beat GANs', 'Model merging']);
    expect(titles('diffusion NOT audio')).toEqual(titles('diffusion -audio'));
    expect(titles('diffusion -"diffusion model"')).toEqual(['Model merging']);
  });

  it('limits terms to a field', () => {
    expect(titles('title:diffusion')).toEqual(['Audio Diffusion', 'Diffusion Models Beat GANs']);
    expect(titles('abstract:diffusion')).toEqual(['Audio Diffusion', 'Model merging']);
    expect(titles('title:(model OR robust) -abstract:LLM')).toEqual(['Diffusion Models Beat GANs', 'Model merging']);
  });

  it('does not let a phrase run from the title into the abstract', () => {
    expect(titles('"gans we"')).toEqual([]);
  });

  it('groups with parentheses and gives AND precedence over OR', () => {
    expect(titles('audio OR merging noise')).toEqual(['Audio Diffusion', 'Model merging']);
    expect(titles('(audio OR merging) noise')).toEqual(['Model merging']);
  });

  it('matches nothing in an empty batch', () => {
    expect(matchQuery(buildIndex([]), 'diffusion')).toEqual([]);
  });
});
