// The benchmark stays runnable; its figures are measured by hand, not asserted.
import { describe, expect, it } from 'vitest';
import { benchMatch } from '../../../src/bench/match.js';
import { fixturePapers } from '../match/papers.js';

describe('benchMatch', () => {
  it('matches synthetic subscribers against a synthetic batch and reports the figures', () => {
    const result = benchMatch({ subscribers: 300, papers: 400, samples: fixturePapers(), limit: 5 });
    expect(result).toMatchObject({ subscribers: 300, papers: 400, limit: 5 });
    expect(result.topics).toBeGreaterThanOrEqual(600);
    expect(result.matches).toBeGreaterThan(result.returned);
    expect(result.returned).toBeLessThanOrEqual(300 * 5);
    expect(result.returned).toBeGreaterThan(0);
  });

  it('gives the same figures for the same seed', () => {
    const options = { subscribers: 100, papers: 200, samples: fixturePapers(), seed: 7 };
    expect(benchMatch(options).matches).toBe(benchMatch(options).matches);
  });
});
