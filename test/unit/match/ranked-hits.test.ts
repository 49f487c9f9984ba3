import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptySet } from '../../../src/match/bitset.js';
import { RankedHits } from '../../../src/match/ranked-hits.js';

const noDetails = () => ({ highlights: [], leaves: [], fields: 0 });

describe('RankedHits', () => {
  it('reads the same ranking as a full sort, however far and in whatever order it is read', () => {
    fc.assert(
      fc.property(
        // Few distinct scores, so that ties (broken by the tie order) are common.
        fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 300 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (scoreSteps, reads) => {
          const size = scoreSteps.length;
          const ordinals = Int32Array.from(scoreSteps.keys());
          const scores = Float64Array.from(scoreSteps, (step) => step * 1.5);
          // Tie order: a permutation unrelated to the ordinals.
          const tieOrder = Int32Array.from(ordinals, (ordinal) => (ordinal * 7919) % Math.max(1, size));
          const expected = [...ordinals].sort(
            (a, b) => scores[b] - scores[a] || tieOrder[a] - tieOrder[b],
          );
          const expectedScores = expected.map((ordinal) => scores[ordinal]);
          const ranked = new RankedHits(emptySet(size), ordinals.slice(), scores.slice(), tieOrder, noDetails);
          for (const read of reads) {
            if (size === 0) break;
            const rank = read % size;
            expect(ranked.ordinal(rank)).toBe(expected[rank]);
          }
          const all = Array.from({ length: size }, (_, rank) => ranked.ordinal(rank));
          expect(all).toEqual(expected);
          expect(Array.from({ length: size }, (_, rank) => ranked.score(rank))).toEqual(expectedScores);
        },
      ),
    );
  });
});
