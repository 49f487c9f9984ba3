import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { papersInTen, simulateRelevance, type ReaderOutcome } from '../../../src/bench/relevance.js';
import { judgedReaders, sampleDays, sampleDaysByDump, SAMPLE_READERS } from '../../fixtures/readers.js';

const dir = fileURLToPath(new URL('../../../examples/dumps/', import.meta.url));
const days = sampleDays(dir, readFileSync);
const sum = (outcomes: readonly ReaderOutcome[], pick: (o: ReaderOutcome) => number) => outcomes.reduce((total, o) => total + pick(o), 0);

describe('relevance on the sample papers', () => {
  const outcomes = simulateRelevance(days, SAMPLE_READERS);

  it('a reader who votes on two days of digests gets at least as many wanted papers on days 2 and 3 as one who never votes, and more in all', () => {
    for (const outcome of outcomes) expect(outcome.laterWithVotes, outcome.reader).toBeGreaterThanOrEqual(outcome.laterWithoutVotes);
    expect(sum(outcomes, (o) => o.laterWithVotes)).toBeGreaterThan(sum(outcomes, (o) => o.laterWithoutVotes));
  });

  it('with a dump a day and the default maxPapers of 20, no voter gets fewer wanted papers, not even one who liked none of forty', () => {
    const byDump = simulateRelevance(sampleDaysByDump(dir, readFileSync), SAMPLE_READERS, 20);
    for (const outcome of byDump) {
      expect(outcome.digestWithVotes.wanted, outcome.reader).toBeGreaterThanOrEqual(outcome.digestWithoutVotes.wanted);
      expect(outcome.laterWithVotes, outcome.reader).toBeGreaterThanOrEqual(outcome.laterWithoutVotes);
    }
    expect(byDump.find((o) => o.reader === 'video')).toMatchObject({ votes: { up: 0, down: 40 } });
  });

  it('acronyms bring papers that spell out what the topic abbreviates', () => {
    const reasoning = outcomes.find((o) => o.reader === 'reasoning')!;
    expect(reasoning.withoutVotes).toBeGreaterThan(reasoning.before);
  });
});

describe('relevance for readers whose wanted papers a judge decided by reading each paper', () => {
  const outcomes = simulateRelevance(days, judgedReaders('first'));

  it('judged papers that are all among the sample papers, so that a change to how papers are told apart cannot silently empty the judgements', () => {
    const ids = new Set(days.flat().map((paper) => paper.id));
    expect(ids.size).toBe(428);
    for (const judge of ['first', 'second'] as const) {
      for (const reader of judgedReaders(judge)) {
        expect(reader.wants.length, reader.name).toBeGreaterThan(0);
        for (const id of reader.wants) expect(ids.has(id), `${judge} judge, ${reader.name}: ${id}`).toBe(true);
      }
    }
  });

  it('no voter’s third digest holds fewer wanted papers than their twin’s, and together they hold at least half a paper more a reader', () => {
    for (const outcome of outcomes) {
      expect(outcome.digestWithVotes.wanted, outcome.reader).toBeGreaterThanOrEqual(outcome.digestWithoutVotes.wanted);
      expect(outcome.laterWithVotes, outcome.reader).toBeGreaterThanOrEqual(outcome.laterWithoutVotes);
    }
    const gain = sum(outcomes, (o) => o.digestWithVotes.wanted - o.digestWithoutVotes.wanted);
    expect(gain).toBeGreaterThanOrEqual(outcomes.length / 2);
  });

  it('at the default maxPapers of 20 too, no voter’s third digest holds fewer wanted papers than their twin’s', () => {
    for (const outcome of simulateRelevance(days, judgedReaders('first'), 20)) {
      expect(outcome.digestWithVotes.wanted, outcome.reader).toBeGreaterThanOrEqual(outcome.digestWithoutVotes.wanted);
      expect(outcome.laterWithVotes, outcome.reader).toBeGreaterThanOrEqual(outcome.laterWithoutVotes);
    }
  });

  it('gives the most wanted papers any ranking could show each voter: topic papers and, once they liked three, papers beyond the topics', () => {
    for (const outcome of outcomes) {
      expect(outcome.digestWithVotes.wanted, outcome.reader).toBeLessThanOrEqual(outcome.ceiling.wanted);
      // Nor a larger share: the ceiling's digest is as long as the voter's, or longer only by wanted papers.
      expect(papersInTen(outcome.digestWithVotes), outcome.reader).toBeLessThanOrEqual(papersInTen(outcome.ceiling) + 1e-9);
    }
    const reader = (name: string) => outcomes.find((o) => o.reader === name)!;
    // No topic paper is left for federated on day 3; with four likes, "also for you" could hold three wanted papers.
    expect(reader('federated')).toMatchObject({ shown: 0, votes: { up: 4 }, ceiling: { wanted: 3, shown: 3 } });
    // robots wants two papers beyond the topics, but one like allows no suggestion.
    expect(reader('robots')).toMatchObject({ shown: 0, votes: { up: 1 }, ceiling: { wanted: 0, shown: 0 } });
    // optimisers liked none of twenty: ten topic papers, four of the candidates wanted.
    expect(reader('optimisers')).toMatchObject({ shown: 10, votes: { up: 0 }, ceiling: { wanted: 4, shown: 10 } });
  });

  it('at least half the "also for you" papers are ones the reader wants', () => {
    const shown = sum(outcomes, (o) => o.alsoShown);
    expect(shown).toBeGreaterThan(0);
    expect(sum(outcomes, (o) => o.alsoWanted)).toBeGreaterThanOrEqual(shown / 2);
  });
});
