import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { simulateRelevance } from '../../../src/bench/relevance.js';
import { sampleDays, SAMPLE_READERS } from '../../fixtures/readers.js';

describe('relevance on the sample papers', () => {
  const dir = fileURLToPath(new URL('../../../examples/dumps/', import.meta.url));
  const outcomes = simulateRelevance(sampleDays(dir, readFileSync), SAMPLE_READERS);

  it('a reader who votes on two days of digests gets at least as many wanted papers on days 2 and 3 as one who never votes, and more in all', () => {
    for (const outcome of outcomes) expect(outcome.laterWithVotes, outcome.reader).toBeGreaterThanOrEqual(outcome.laterWithoutVotes);
    const sum = (pick: (o: (typeof outcomes)[number]) => number) => outcomes.reduce((total, o) => total + pick(o), 0);
    expect(sum((o) => o.laterWithVotes)).toBeGreaterThan(sum((o) => o.laterWithoutVotes));
  });

  it('acronyms bring papers that spell out what the topic abbreviates', () => {
    const reasoning = outcomes.find((o) => o.reader === 'reasoning')!;
    expect(reasoning.withoutVotes).toBeGreaterThan(reasoning.before);
  });
});
