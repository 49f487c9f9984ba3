// The index a run keeps between runs: read back, it is the index built
// from the same papers, and it matches exactly as that one does; anything
// else (other papers, another format, damaged bytes) is refused, so that the
// caller builds afresh.
import { describe, expect, it } from 'vitest';
import { buildIndex, createMatcher, decodeIndex, encodeIndex, indexKey, learnAcronyms } from '../../../src/match/index.js';
import { fixturePapers, makePaper } from './papers.js';

const papers = [
  ...fixturePapers(),
  makePaper({ title: 'Large language models (LLMs) as planners', abstract: 'We prompt large language models to plan. Out-of-distribution (OOD) tasks are hard.' }),
  makePaper({ title: 'Planning with an LLM', abstract: 'An LLM plans; OOD detection follows.' }),
];
const TOPICS = [
  { name: 'LLM', query: 'LLM' },
  { name: 'OOD', query: '"out-of-distribution"' },
  { name: 'Diffusion', query: 'diffusion -audio' },
  { name: 'Robots', query: 'robot* AND (grasp* OR manipulat*)' },
  { name: 'Reasoning', query: '"chain of thought" OR reason*' },
];

describe('a stored match index', () => {
  const index = buildIndex(papers);
  const acronyms = learnAcronyms(papers);
  const data = encodeIndex(index, acronyms);

  it('reads back as the index and acronyms built from the same papers', () => {
    const decoded = decodeIndex(papers, data);
    expect(decoded).not.toBeNull();
    expect(decoded!.index).toEqual(index);
    expect(decoded!.acronyms).toEqual(acronyms);
    expect(decoded!.acronyms.expansions.has('llm')).toBe(true);
  });

  it('matches, ranks, highlights and explains exactly as the built one', () => {
    const decoded = decodeIndex(papers, data)!;
    const built = createMatcher(index, { acronyms }).matchTopics(TOPICS, { limit: 50 });
    const read = createMatcher(decoded.index, { acronyms: decoded.acronyms }).matchTopics(TOPICS, { limit: 50 });
    expect(built.matches.length).toBeGreaterThan(5);
    expect(read).toEqual(built);
  });

  it('keeps the bytes stored after it (what a caller makes of the index) as they are, and none when given none', () => {
    const extra = Uint8Array.from([1, 2, 3, 250, 0, 9]);
    const decoded = decodeIndex(papers, encodeIndex(index, acronyms, extra))!;
    expect(decoded.index).toEqual(index);
    expect(Buffer.from(decoded.extra)).toEqual(Buffer.from(extra));
    expect(decodeIndex(papers, data)!.extra.byteLength).toBe(0);
  });

  it('is read from bytes at any offset, as a driver may hand them over', () => {
    const shifted = Buffer.alloc(data.length + 1);
    data.copy(shifted, 1);
    expect(decodeIndex(papers, shifted.subarray(1))!.index).toEqual(index);
  });

  it('orders ties by the papers as they are now: upvotes change while the text stays', () => {
    const voted = papers.map((paper, i) => (i === papers.length - 1 ? { ...paper, upvotes: 1000 } : paper));
    expect(indexKey(voted)).toBe(indexKey(papers));
    expect(decodeIndex(voted, data)!.index.tieOrder).toEqual(buildIndex(voted).tieOrder);
  });

  it('is kept under a key that changes with any paper’s id, title or abstract, or their order', () => {
    const key = indexKey(papers);
    expect(indexKey(papers.map((paper, i) => (i === 3 ? { ...paper, title: `${paper.title}!` } : paper)))).not.toBe(key);
    expect(indexKey(papers.map((paper, i) => (i === 3 ? { ...paper, abstract: `${paper.abstract} More.` } : paper)))).not.toBe(key);
    expect(indexKey(papers.map((paper, i) => (i === 3 ? { ...paper, id: 'other' } : paper)))).not.toBe(key);
    expect(indexKey([...papers].reverse())).not.toBe(key);
  });

  it('is refused when it does not fit the papers or its bytes are damaged', () => {
    expect(decodeIndex(papers.slice(1), data)).toBeNull();
    expect(decodeIndex(papers, data.subarray(0, data.length - 8))).toBeNull();
    expect(decodeIndex(papers, Buffer.from('not an index'))).toBeNull();
    const otherFormat = Buffer.from(data);
    otherFormat.write('paperboy-index-0', otherFormat.indexOf('paperboy-index-2'));
    expect(decodeIndex(papers, otherFormat)).toBeNull();
  });
});
