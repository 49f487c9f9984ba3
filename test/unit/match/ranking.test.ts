import { describe, expect, it } from 'vitest';
import { buildIndex, matchQuery } from '../../../src/match/index.js';
import type { Paper } from '../../../src/types.js';
import { makePaper } from './papers.js';

const filler = 'We study methods for learning representations from data at scale with care.';

function ranked(papers: Paper[], query: string): string[] {
  return matchQuery(buildIndex(papers), query).map((match) => match.paper.id);
}

describe('ranking', () => {
  it('puts a title hit before an abstract hit', () => {
    const inAbstract = makePaper({ title: 'Learning at scale', abstract: `${filler} Diffusion helps.` });
    const inTitle = makePaper({ title: 'Diffusion at scale', abstract: `${filler} It helps.` });
    expect(ranked([inAbstract, inTitle], 'diffusion')).toEqual([inTitle.id, inAbstract.id]);
  });

  it('puts loose words found as an exact phrase before scattered ones', () => {
    const scattered = makePaper({ title: 'Study', abstract: `A model of ${filler} and diffusion here.` });
    const adjacent = makePaper({ title: 'Study', abstract: `A diffusion model ${filler} and more here.` });
    expect(ranked([scattered, adjacent], 'diffusion model')).toEqual([adjacent.id, scattered.id]);
  });

  it('scores a phrase match above a single word of the same query', () => {
    const word = makePaper({ title: 'Study', abstract: `${filler} Decoding matters.` });
    const phrase = makePaper({ title: 'Study', abstract: `${filler} Speculative decoding.` });
    expect(ranked([word, phrase], '"speculative decoding" OR decoding')).toEqual([phrase.id, word.id]);
  });

  it('breaks ties by upvotes, then publishedAt, then firstSeenAt', () => {
    const same = { title: 'Diffusion', abstract: filler };
    const fewVotes = makePaper({ ...same, upvotes: 1, publishedAt: '2026-03-09' });
    const noVotes = makePaper({ ...same, upvotes: null, publishedAt: '2026-03-09' });
    const manyVotesOld = makePaper({ ...same, upvotes: 9, publishedAt: '2026-03-01' });
    const manyVotesNew = makePaper({ ...same, upvotes: 9, publishedAt: '2026-03-05' });
    const manyVotesNewSeenLater = makePaper({
      ...same,
      upvotes: 9,
      publishedAt: '2026-03-05',
      firstSeenAt: '2026-03-06T07:00:00.000Z',
    });
    const papers = [fewVotes, noVotes, manyVotesOld, manyVotesNew, manyVotesNewSeenLater];
    expect(ranked(papers, 'diffusion')).toEqual([
      manyVotesNewSeenLater.id,
      manyVotesNew.id,
      manyVotesOld.id,
      fewVotes.id,
      noVotes.id,
    ]);
  });

  it('weighs a rare word above a common one (IDF over the batch)', () => {
    const common = Array.from({ length: 6 }, () => makePaper({ title: 'Study', abstract: `${filler} Transformer.` }));
    const rare = makePaper({ title: 'Study', abstract: `${filler} Mamba.` });
    expect(ranked([...common, rare], 'transformer OR mamba')[0]).toBe(rare.id);
  });

  it('returns scores that never increase down the list', () => {
    const papers = Array.from({ length: 40 }, (_, i) =>
      makePaper({ title: i % 3 === 0 ? 'Diffusion' : 'Other', abstract: 'diffusion '.repeat(1 + (i % 5)) + filler }),
    );
    const scores = matchQuery(buildIndex(papers), 'diffusion').map((match) => match.score);
    expect(scores).toHaveLength(40);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });
});
