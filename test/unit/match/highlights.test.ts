import { describe, expect, it } from 'vitest';
import { buildIndex, matchQuery } from '../../../src/match/index.js';
import type { Match } from '../../../src/types.js';
import { makePaper } from './papers.js';

function shown(match: Match): string[] {
  return match.highlights.map((highlight) =>
    `${highlight.field}:${match.paper[highlight.field].slice(highlight.start, highlight.end)}`,
  );
}

function only(query: string, title: string, abstract = ''): Match {
  const matches = matchQuery(buildIndex([makePaper({ title, abstract })]), query);
  expect(matches).toHaveLength(1);
  return matches[0];
}

describe('highlights', () => {
  it('point at the matched words in the original text', () => {
    const match = only('"diffusion model" LLM', 'Diffusion Models for LLMs', 'Our diffusion model helps LLMs.');
    expect(shown(match)).toEqual([
      'title:Diffusion Models',
      'title:LLMs',
      'abstract:diffusion model',
      'abstract:LLMs',
    ]);
  });

  it('cover hyphens inside a phrase and keep diacritics', () => {
    expect(shown(only('out-of-distribution naive', 'Naïve Out-of-Distribution Detection'))).toEqual([
      'title:Naïve',
      'title:Out-of-Distribution',
    ]);
  });

  it('cover the whole word a prefix matched', () => {
    expect(shown(only('quantiz*', 'Quantization-aware training'))).toEqual(['title:Quantization']);
  });

  it('merge overlapping and touching spans, sorted', () => {
    const match = only('"large language" "language model"', 'Large language models, large language models');
    expect(shown(match)).toEqual(['title:Large language models', 'title:large language models']);
    const [first, second] = match.highlights;
    expect(first.end).toBeLessThan(second.start);
  });

  it('join loose words that the paper holds as a phrase', () => {
    expect(shown(only('diffusion model', 'A diffusion model here'))).toEqual(['title:diffusion model']);
  });

  it('leave out excluded terms and the sides of OR that did not match', () => {
    const match = only('diffusion OR (model -audio)', 'Diffusion model for audio');
    expect(shown(match)).toEqual(['title:Diffusion']);
  });

  it('respect the field a term is limited to', () => {
    const match = only('title:diffusion', 'Diffusion', 'More diffusion in the abstract.');
    expect(shown(match)).toEqual(['title:Diffusion']);
  });

  it('are frozen, since matches are shared between subscribers', () => {
    const match = only('diffusion', 'Diffusion');
    expect(Object.isFrozen(match)).toBe(true);
    expect(Object.isFrozen(match.highlights)).toBe(true);
    expect(Object.isFrozen(match.highlights[0])).toBe(true);
  });
});
