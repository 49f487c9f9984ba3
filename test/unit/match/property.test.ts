// The indexed matcher against the plain evaluation, on random queries over the
// vocabulary of real papers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPaperboyError } from '../../../src/errors.js';
import { buildIndex, createMatcher, evaluateNaive } from '../../../src/match/index.js';
import { parseQuery, type Query, type StemCache } from '../../../src/query/index.js';
import { fixturePapers } from './papers.js';

const papers = fixturePapers();
const matcher = createMatcher(buildIndex(papers));
const stems: StemCache = new Map();
const matchesNaive = (ast: Query, paper: (typeof papers)[number]) => evaluateNaive(ast, paper, stems);

// Words as written in the papers, made safe to stand alone in a query.
const OPERATORS = new Set(['AND', 'OR', 'NOT']);
const texts = papers.flatMap((paper) => [paper.title, paper.abstract]);
const runs = texts.map((text) =>
  text
    .split(/\s+/)
    .map((word) => word.replace(/["():*]/g, '').replace(/^-+/, ''))
    .filter((word) => /[\p{L}\p{N}]/u.test(word) && !OPERATORS.has(word)),
);
const vocabulary = [...new Set(runs.flat())];

const word = fc.constantFrom(...vocabulary);
const prefix = word
  .filter((text) => /^[\p{L}\p{N}]{3,}/u.test(text))
  .chain((text) => fc.integer({ min: 2, max: 6 }).map((length) => `${[...text].slice(0, length).join('')}*`));
// Runs of adjacent words from one paper, so that phrases often match.
const phrase = fc
  .record({ run: fc.constantFrom(...runs.filter((run) => run.length >= 3)), start: fc.nat(), length: fc.integer({ min: 2, max: 3 }) })
  .map(({ run, start, length }) => {
    const from = start % (run.length - length + 1);
    return `"${run.slice(from, from + length).join(' ')}"`;
  });
const field = fc.constantFrom('', '', '', 'title:', 'abstract:');

const query: fc.Arbitrary<string> = fc.letrec<{ node: string; leaf: string }>((tie) => ({
  leaf: fc.tuple(field, fc.oneof(word, word, phrase, prefix)).map(([f, term]) => f + term),
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('leaf'),
    fc.array(tie('node'), { minLength: 2, maxLength: 3 }).map((parts) => parts.join(' ')),
    fc.tuple(tie('node'), tie('node')).map(([a, b]) => `${a} AND ${b}`),
    fc.tuple(tie('node'), tie('node')).map(([a, b]) => `${a} OR ${b}`),
    fc.tuple(fc.constantFrom('-', 'NOT '), tie('node')).map(([not, node]) => `${not}(${node})`),
    fc.tuple(tie('leaf'), tie('node')).map(([leaf, node]) => `${node} -${leaf}`),
    fc.tuple(field, tie('node')).map(([f, node]) => `${f}(${node})`),
  ),
})).node;

/** The parsed query, or undefined when the generator produced one the language refuses. */
function parsed(text: string): Query | undefined {
  try {
    return parseQuery(text);
  } catch (error) {
    if (isPaperboyError(error, 'PB_QUERY_SYNTAX')) return undefined;
    throw error;
  }
}

describe('indexed matching agrees with the plain evaluation', () => {
  it('on random queries over real papers', () => {
    let checked = 0;
    let nonEmpty = 0;
    fc.assert(
      fc.property(query, (text) => {
        const ast = parsed(text);
        fc.pre(ast !== undefined);
        const expected = papers.filter((paper) => matchesNaive(ast!, paper)).map((paper) => paper.id);
        const actual = matcher.matchQuery(ast!).map((match) => match.paper.id);
        expect(actual.sort()).toEqual(expected.sort());
        checked += 1;
        if (expected.length > 0) nonEmpty += 1;
      }),
      { numRuns: 300 },
    );
    // The generator must exercise real matches, not only empty results.
    expect(nonEmpty).toBeGreaterThan(checked / 4);
  });

  it('for a subscriber: the union of the topics, each paper once, under a topic that matches it best', () => {
    fc.assert(
      fc.property(fc.array(query, { minLength: 1, maxLength: 3 }), fc.nat({ max: 30 }), (queries, limit) => {
        const asts = queries.map(parsed);
        fc.pre(asts.every((ast) => ast !== undefined));
        const topics = queries.map((text, i) => ({ name: `T${i}`, query: text }));
        const { matches, total } = matcher.matchTopics(topics, { limit });
        const all = matcher.matchTopics(topics).matches;
        const expected = papers.filter((paper) => asts.some((ast) => matchesNaive(ast!, paper)));
        expect(total).toBe(expected.length);
        expect(all.map((match) => match.paper.id).sort()).toEqual(expected.map((paper) => paper.id).sort());
        expect(matches).toEqual(all.slice(0, limit));
        for (const match of all) {
          const scores = topics.flatMap((topic) =>
            matcher.matchQuery(topic.query).filter((m) => m.paper.id === match.paper.id).map((m) => m.score),
          );
          expect(match.score).toBe(Math.max(...scores));
          expect(matchesNaive(asts[Number(match.topic.slice(1))]!, match.paper)).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('ranks by score and gives well-formed highlights on the matched text', () => {
    fc.assert(
      fc.property(query, (text) => {
        const ast = parsed(text);
        fc.pre(ast !== undefined);
        const matches = matcher.matchQuery(ast!);
        matches.forEach((match, i) => {
          if (i > 0) expect(match.score).toBeLessThanOrEqual(matches[i - 1].score);
          expect(match.highlights.length).toBeGreaterThan(0);
          let previous = { field: 'title', end: -1 };
          for (const highlight of match.highlights) {
            const source = match.paper[highlight.field];
            expect(highlight.start).toBeLessThan(highlight.end);
            expect(highlight.end).toBeLessThanOrEqual(source.length);
            if (highlight.field === previous.field) expect(highlight.start).toBeGreaterThan(previous.end);
            else expect(highlight.field).toBe('abstract');
            previous = highlight;
          }
        });
      }),
      { numRuns: 200 },
    );
  });
});
