import { describe, expect, it } from 'vitest';
import { encodeDigest, readDigest } from '../../../src/store/stored-digest.js';
import type { Digest, Paper } from '../../../src/types.js';
import { dailyDigest, digestOf, FIXTURES, matchOf, paperOf } from '../render/fixtures.js';

function papersOf(digest: Digest): Map<string, Paper> {
  return new Map(digest.sections.flatMap((section) => section.matches.map((match) => [match.paper.id, match.paper] as const)));
}

/** How the digest was stored before: each match an object, its paper by id. */
function objectForm(digest: Digest): string {
  return JSON.stringify({
    ...digest,
    sections: digest.sections.map((section) => ({ topic: section.topic, matches: section.matches.map(({ paper, ...match }) => ({ ...match, paperId: paper.id })) })),
  });
}

describe('stored digests', () => {
  it('read back as the digest they were, highlights, scores and a match filed under another topic included', () => {
    const digest = dailyDigest();
    const moved = { ...digest.sections[1].matches[0], topic: 'Another topic' };
    const tricky: Digest = { ...digest, moreCount: 3, sections: [digest.sections[0], { ...digest.sections[1], matches: [moved, ...digest.sections[1].matches.slice(1)] }] };
    const json = encodeDigest(tricky);
    expect(readDigest(json).withPapers(papersOf(tricky))).toEqual(tricky);
    expect(readDigest(json).paperIds).toEqual(tricky.sections.flatMap((section) => section.matches.map((match) => match.paper.id)));
  });

  it('keep a confirmation\'s topics and frequency', () => {
    const confirm: Digest = { ...digestOf([]), kind: 'confirm', confirm: { topics: [{ name: 'Diffusion', query: '"diffusion model"' }], frequency: 'weekly' } };
    expect(readDigest(encodeDigest(confirm)).withPapers(new Map())).toEqual(confirm);
  });

  it('leave out a match whose paper is gone', () => {
    const digest = dailyDigest();
    const papers = papersOf(digest);
    const gone = digest.sections[0].matches[0].paper.id;
    papers.delete(gone);
    const read = readDigest(encodeDigest(digest)).withPapers(papers);
    expect(read.sections[0].matches.map((match) => match.paper.id)).toEqual(digest.sections[0].matches.slice(1).map((match) => match.paper.id));
  });

  it('keep the rank order, naming the papers still there when one is gone', () => {
    const digest = dailyDigest();
    const flat = digest.sections.flatMap((section) => section.matches);
    const ranked: Digest = { ...digest, order: flat.map((_, position) => flat.length - 1 - position) };
    expect(readDigest(encodeDigest(ranked)).withPapers(papersOf(ranked))).toEqual(ranked);
    const papers = papersOf(ranked);
    papers.delete(flat[1].paper.id);
    const read = readDigest(encodeDigest(ranked)).withPapers(papers);
    const readFlat = read.sections.flatMap((section) => section.matches);
    expect(read.order!.map((position) => readFlat[position].paper.id)).toEqual([...flat].reverse().filter((_, i) => i !== flat.length - 2).map((match) => match.paper.id));
  });

  it('read rows written before, as objects', () => {
    const digest = dailyDigest();
    expect(readDigest(objectForm(digest)).withPapers(papersOf(digest))).toEqual(digest);
    expect(readDigest(objectForm(digest)).paperIds).toEqual(readDigest(encodeDigest(digest)).paperIds);
  });

  it('take well under half the room of the objects they replace', () => {
    const paper = paperOf(FIXTURES.diffusion[0], 'p');
    const matches = Array.from({ length: 20 }, (_, i) => matchOf({ ...paper, id: `paper-${i}` }, 'Diffusion', ['diffusion', 'model', 'image'], 10 / (i + 1)));
    const digest = digestOf([{ topic: 'Diffusion', matches }]);
    expect(encodeDigest(digest).length).toBeLessThan(0.5 * objectForm(digest).length);
  });
});
