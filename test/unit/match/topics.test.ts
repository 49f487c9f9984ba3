import { describe, expect, it } from 'vitest';
import { buildIndex, createMatcher } from '../../../src/match/index.js';
import { parseTopic } from '../../../src/query/index.js';
import type { Topic } from '../../../src/types.js';
import { syntaxErrorOf } from '../query/syntax-error-of.js';
import { makePaper } from './papers.js';

const topic = (line: string): Topic => {
  const { name, query } = parseTopic(line);
  return { name, query };
};

const diffusionTitle = makePaper({ title: 'Diffusion model training', abstract: 'We train it well.' });
const diffusionAbstract = makePaper({ title: 'Image generation', abstract: 'A diffusion model for images.' });
const both = makePaper({ title: 'Large language models', abstract: 'Large language models and diffusion models.' });
const decoding = makePaper({ title: 'Faster inference', abstract: 'Speculative decoding for LLMs.' });
const matcher = createMatcher(buildIndex([diffusionTitle, diffusionAbstract, both, decoding]));

describe('matchTopics', () => {
  it('says which topic matched, on which terms, and where', () => {
    const { matches } = matcher.matchTopics([topic('Diffusion: "diffusion model" -audio')]);
    const why = new Map(matches.map((match) => [match.paper.id, match.why]));
    expect(why.get(diffusionTitle.id)).toBe('matched topic Diffusion: "diffusion model" in the title');
    expect(why.get(diffusionAbstract.id)).toBe('matched topic Diffusion: "diffusion model" in the abstract');
    expect(why.get(both.id)).toBe('matched topic Diffusion: "diffusion model" in the abstract');
  });

  it('names only the terms that occur in the paper', () => {
    const { matches } = matcher.matchTopics([topic('LLMs: LLM OR "large language model"')]);
    const why = new Map(matches.map((match) => [match.paper.id, match.why]));
    expect(why.get(both.id)).toBe('matched topic LLMs: "large language model" in the title and abstract');
    expect(why.get(decoding.id)).toBe('matched topic LLMs: LLM in the abstract');
  });

  it('names an unnamed topic by its query alone', () => {
    const { matches } = matcher.matchTopics([topic('abstract:"speculative decoding"')]);
    expect(matches.map((match) => [match.topic, match.why])).toEqual([
      ['abstract:"speculative decoding"', 'matched topic abstract:"speculative decoding" in the abstract'],
    ]);
  });

  it('lists a paper matching two topics once, under its best-scoring topic', () => {
    const loose = topic('Loose: model');
    const exact = topic('Exact: title:"diffusion model"');
    const { matches, total } = matcher.matchTopics([loose, exact]);
    expect(total).toBe(3);
    expect(matches.map((match) => match.paper.id).sort()).toEqual([diffusionTitle.id, diffusionAbstract.id, both.id].sort());
    expect(matches.find((match) => match.paper.id === diffusionTitle.id)?.topic).toBe('Exact');
    expect(matches.find((match) => match.paper.id === both.id)?.topic).toBe('Loose');
    expect(matches.map((match) => match.score)).toEqual(matches.map((match) => match.score).sort((a, b) => b - a));
  });

  it('returns the best `limit` matches and counts them all', () => {
    const all = matcher.matchTopics([topic('model OR decoding')]);
    const { matches, total } = matcher.matchTopics([topic('model OR decoding')], { limit: 2 });
    expect(total).toBe(4);
    expect(matches).toEqual(all.matches.slice(0, 2));
  });

  it('leaves out excluded papers, from the list and from the total', () => {
    const { matches, total } = matcher.matchTopics([topic('model'), topic('decoding')], {
      exclude: new Set([diffusionTitle.id, 'not-in-this-batch']),
    });
    expect(total).toBe(3);
    expect(matches.map((match) => match.paper.id)).not.toContain(diffusionTitle.id);
  });

  it('returns nothing for no topics', () => {
    expect(matcher.matchTopics([])).toEqual({ matches: [], total: 0 });
  });

  it('throws PB_QUERY_SYNTAX for a topic that does not parse', () => {
    const error = syntaxErrorOf(() => matcher.matchTopics([{ name: 'Broken', query: '"diffusion' }]));
    expect(error.column).toBe(1);
  });

  it('keeps answers apart for topics that share a query but not a name', () => {
    const first = matcher.matchTopics([{ name: 'One', query: 'decoding' }]).matches[0];
    const second = matcher.matchTopics([{ name: 'Two', query: 'decoding' }]).matches[0];
    expect([first.topic, second.topic]).toEqual(['One', 'Two']);
    expect(second.why).toBe('matched topic Two: decoding in the abstract');
  });
});
