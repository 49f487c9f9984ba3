import { describe, expect, it } from 'vitest';
import { buildIndex, createMatcher, expandAcronyms, expansionsIn, learnAcronyms } from '../../../src/match/index.js';
import { parseQuery } from '../../../src/query/index.js';
import type { Paper } from '../../../src/types.js';

let n = 0;
function paper(title: string, abstract: string): Paper {
  n++;
  return { id: `p${n}`, title, abstract, authors: [], authorsCount: null, publishedAt: null, upvotes: null, url: null, arxivId: null, firstSeenAt: '2026-11-23T06:00:00Z' };
}

const TEACHERS = [
  paper('Scaling laws', 'Advances in large language models (LLMs) open new doors.'),
  paper('Tuning', 'We fine-tune a large language model (LLM) on code.'),
  paper('Detecting shift', 'Out-of-distribution (OOD) inputs break classifiers.'),
  paper('Retrieval', 'Retrieval-augmented generation (RAG) grounds answers in documents.'),
  paper('Experts', 'A mixture of experts (MoE) routes tokens.'),
  // Two expansions of RL: the papers mostly mean reinforcement learning.
  paper('Agents', 'Reinforcement learning (RL) trains agents.'),
  paper('Agents 2', 'We study reinforcement learning (RL) with sparse rewards.'),
  paper('Agents 3', 'Deep reinforcement learning (RL) for games.'),
  paper('Odd', 'Representation learning (RL) of graphs, a term nobody else uses here.'),
  // Common words defined as acronyms: never used.
  paper('Systems', 'Information technology (IT) departments adopt it quickly, and it works.'),
  paper('Gates', 'An adaptive network design (AND) is proposed and evaluated.'),
];
const FILLER = Array.from({ length: 40 }, (_, i) => paper(`Filler ${i}`, `It is known that this and that hold, and it matters ${i}.`));

describe('learnAcronyms', () => {
  const table = learnAcronyms([...TEACHERS, ...FILLER]);

  it('learns acronyms from how the papers spell them out, plurals included', () => {
    expect(table.expansions.get('llm')?.expansions.map((e) => e.stems.join(' '))).toEqual(['larg languag model']);
    expect(table.expansions.get('ood')?.expansions[0].text).toBe('out of distribution');
    expect(table.expansions.get('rag')?.expansions[0].text).toBe('retrieval augmented generation');
    expect(table.expansions.get('moe')?.expansions[0].text).toBe('mixture of experts');
  });

  it('keeps the expansions the papers support when they conflict', () => {
    expect(table.expansions.get('rl')?.expansions.map((e) => e.text)).toEqual(['reinforcement learning']);
  });

  it('leaves out acronyms that are also common words', () => {
    expect(table.expansions.has('it')).toBe(false);
    expect(table.expansions.has('and')).toBe(false);
  });
});

describe('matching with acronyms', () => {
  const papers = [
    paper('Reasoning in large language models', 'We probe how large language models reason step by step.'),
    paper('An LLM that reasons', 'Our LLM reasons about math.'),
    paper('Reasoning without language', 'Symbolic reasoning in planners.'),
    ...TEACHERS,
    ...FILLER,
  ];
  const acronyms = learnAcronyms(papers);
  const matcher = createMatcher(buildIndex(papers), { acronyms });
  const titles = (query: string) => matcher.matchTopics([{ name: query, query }]).matches.map((match) => match.paper.title);

  it('matches an acronym to its expansion and the expansion to its acronym', () => {
    expect(titles('LLM reasoning')).toEqual(expect.arrayContaining(['Reasoning in large language models', 'An LLM that reasons']));
    expect(titles('LLM reasoning')).not.toContain('Reasoning without language');
    expect(titles('"large language model" reasoning')).toEqual(expect.arrayContaining(['An LLM that reasons', 'Reasoning in large language models']));
    // Without the table, only the literal words match.
    expect(createMatcher(buildIndex(papers)).matchTopics([{ name: 'q', query: 'LLM reasoning' }]).matches.map((m) => m.paper.title)).not.toContain('Reasoning in large language models');
  });

  it('highlights the expansion and says so in the why line', () => {
    const match = matcher.matchTopics([{ name: 'LLM reasoning', query: 'LLM reasoning' }]).matches.find((m) => m.paper.title === 'Reasoning in large language models')!;
    const spans = match.highlights.filter((h) => h.field === 'title').map((h) => match.paper.title.slice(h.start, h.end));
    expect(spans).toEqual(expect.arrayContaining(['large language models']));
    expect(match.why).toContain('LLM = large language model');
    expect(expansionsIn(expandAcronyms(parseQuery('LLM reasoning'), acronyms))).toEqual(['LLM = large language model']);
  });

  it('says once what an acronym stands for when the topic names both it and its expansion', () => {
    // Says both, so the phrase gains `LLM = large language model` and the acronym `LLM = large language models`.
    const both = paper('Tutoring with large language models', 'An LLM tutors students, and large language models grade their answers.');
    // A second paper that spells it in the plural makes the plural what LLM stands for.
    const more = [...papers, both, paper('Surveying', 'A survey of large language models (LLMs) for science.')];
    const withBoth = createMatcher(buildIndex(more), { acronyms: learnAcronyms(more) });
    const match = withBoth.matchTopics([{ name: 'LLMs', query: '"large language model" OR LLM' }]).matches.find((m) => m.paper.title === both.title)!;
    expect(match.why.match(/LLM = /g)).toHaveLength(1);
    expect(match.why).toMatch(/^matched topic LLMs: "large language model", LLM = large language models? in the title and abstract$/);
  });

  it('counts a concept once, however many ways a paper spells it: the best spelling fully, the others half', () => {
    const clinic = paper('Large language models (LLMs) in the clinic', 'We evaluate an LLM for triage, with some reasoning.');
    const more = [...papers, clinic];
    const scoreOf = (matcher: ReturnType<typeof createMatcher>, query: string) => matcher.matchTopics([{ name: 'q', query }]).matches.find((match) => match.paper === clinic)!.score;
    const literal = createMatcher(buildIndex(more));
    const word = scoreOf(literal, 'LLM');
    // The expansion weighs as the word the reader typed, not as a phrase they typed (1.5).
    const spelledOut = scoreOf(literal, '"large language model"') / 1.5;
    const withAcronyms = createMatcher(buildIndex(more), { acronyms: learnAcronyms(more) });
    expect(scoreOf(withAcronyms, 'LLM')).toBeCloseTo(Math.max(word, spelledOut) + 0.5 * Math.min(word, spelledOut), 9);
    // An OR the reader wrote counts each side it matches in full.
    expect(scoreOf(literal, 'LLM OR "large language model"')).toBeCloseTo(word + 1.5 * spelledOut, 9);
  });

  it('keeps the bonus for the topic\'s words side by side when one of them is an acronym', () => {
    const together = paper('Notes one', 'Our LLM reasoning is tested here.');
    const apart = paper('Notes two', 'Our reasoning LLM is tested here.');
    const more = [...papers, together, apart];
    const scores = createMatcher(buildIndex(more), { acronyms: learnAcronyms(more) }).matchTopics([{ name: 'q', query: 'LLM reasoning' }]).matches;
    const scoreOf = (p: typeof together) => scores.find((match) => match.paper === p)!.score;
    expect(scoreOf(together)).toBeGreaterThan(scoreOf(apart));
  });

  it('leaves a common word alone: "it" matches only "it"', () => {
    expect(expansionsIn(expandAcronyms(parseQuery('it'), acronyms))).toEqual([]);
  });
});
