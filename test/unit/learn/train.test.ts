import { describe, expect, it } from 'vitest';
import { buildIndex } from '../../../src/match/index.js';
import { closestLikedIn, readerScores, trainReader } from '../../../src/learn/index.js';
import { logScaled } from '../../../src/learn/features.js';
import { paper, ROBOTS, VISION } from './papers.js';

const BACKGROUND = Array.from({ length: 30 }, (_, i) =>
  paper(`b${i}`, `Background paper ${i} on ${['graphs', 'proteins', 'speech', 'markets', 'weather'][i % 5]}`, `We study ${['graph neural networks', 'protein folding', 'speech recognition', 'market prediction', 'weather forecasting'][i % 5]} from data and theory, with care, in setting ${i}.`),
);
const UNSEEN = [
  paper('u-robot', 'Learning robot manipulation policies from few demonstrations', 'A robot learns manipulation skills from a few demonstrations.'),
  paper('u-vision', 'Object detection in images with transformers', 'Transformers detect objects in images.'),
  paper('u-other', 'Forecasting weather with graph networks', 'Weather forecasting on graphs.'),
  paper('u-novel', 'Quantum chemistry of molecules', 'Electrons and orbitals of small molecules.'),
];

describe('trainReader', () => {
  it('gives the same model for the same votes, whatever the order the background comes in', () => {
    const a = trainReader({ liked: ROBOTS, disliked: VISION, background: BACKGROUND });
    const b = trainReader({ liked: ROBOTS, disliked: VISION, background: [...BACKGROUND].reverse() });
    expect(b.stems.slice(0, 20)).toEqual(a.stems.slice(0, 20));
    expect(b.weights.slice(0, 20)).toEqual(a.weights.slice(0, 20));
    expect(b.bias).toBeCloseTo(a.bias, 4);
  });

  it('ranks an unseen paper like the liked ones above the average, and one like the disliked ones below', () => {
    const model = trainReader({ liked: ROBOTS, disliked: VISION, background: BACKGROUND });
    const index = buildIndex([...UNSEEN, ...BACKGROUND]);
    const scores = readerScores(model, index);
    const score = (id: string) => scores[index.ordinalOf.get(id)!];
    expect(score('u-robot')).toBeGreaterThan(2);
    expect(score('u-robot')).toBeGreaterThan(score('u-other'));
    // Against a paper about nothing the reader voted on, the disliked subject is lower.
    expect(score('u-vision')).toBeLessThan(score('u-novel'));
  });

  it('says in readers\' words what counts more and less, and remembers the voted papers', () => {
    const model = trainReader({ liked: ROBOTS, disliked: VISION, background: BACKGROUND });
    expect(model.words.more.slice(0, 6)).toEqual(expect.arrayContaining(['robot']));
    expect(model.words.less).toEqual(expect.arrayContaining(['images']));
    expect(model.liked.map((liked) => liked.id)).toEqual(['r1', 'r2', 'r3']);
    expect(model.disliked.map((disliked) => disliked.title)).toEqual(VISION.map((p) => p.title));
  });

  it('shows no common English word among the words that count, however much the votes lean on it', () => {
    // Every liked paper says "upon" and "thereby", no other paper does: the model leans on them as on "robot".
    const liked = ROBOTS.map((p) => ({ ...p, abstract: `${p.abstract} Built upon grasping, thereby robust.` }));
    const model = trainReader({ liked, disliked: VISION, background: BACKGROUND });
    expect(model.stems).toEqual(expect.arrayContaining(['upon', 'therebi']));
    expect(model.words.more).toEqual(expect.arrayContaining(['robot']));
    expect(model.words.more).not.toContain('upon');
    expect(model.words.more).not.toContain('thereby');
  });

  it('names the liked paper a suggestion is most like', () => {
    const model = trainReader({ liked: ROBOTS, disliked: [], background: BACKGROUND });
    const index = buildIndex(UNSEEN);
    expect(closestLikedIn(model, index)(0)?.id).toMatch(/^r[123]$/);
    expect(closestLikedIn(model, index)(3)).toBeNull();
    // Asked in turn, each paper's answer is its own: nothing of the one before stays.
    const closest = closestLikedIn(model, index);
    const first = closest(0)?.id;
    expect([closest(3), closest(0)?.id, closest(3)]).toEqual([null, first, null]);
  });

  it('learns from dislikes alone: papers like them go down', () => {
    const model = trainReader({ liked: [], disliked: VISION, background: BACKGROUND });
    const index = buildIndex([...UNSEEN, ...BACKGROUND]);
    const scores = readerScores(model, index);
    expect(scores[index.ordinalOf.get('u-vision')!]).toBeLessThan(scores[index.ordinalOf.get('u-novel')!]);
    expect(model.liked).toEqual([]);
  });

  it('scores each paper as its weighted, log-scaled stem vector, title words twice, in deviations of the batch', () => {
    const model = trainReader({ liked: ROBOTS, disliked: VISION, background: BACKGROUND });
    const index = buildIndex([...UNSEEN, ...ROBOTS, ...BACKGROUND]);
    const stemOf = new Map([...index.stemIds].map(([stem, id]) => [id, stem]));
    const weights = new Map(model.stems.map((stem, i) => [stem, model.weights[i]]));
    // The definition, paper by paper, with none of readerScores' sharing between papers.
    const raw = index.papers.map((_, ordinal) => {
      const counts = new Map<string, number>();
      for (const id of index.fields.title.texts[ordinal].stems) counts.set(stemOf.get(id)!, (counts.get(stemOf.get(id)!) ?? 0) + 2);
      for (const id of index.fields.abstract.texts[ordinal].stems) counts.set(stemOf.get(id)!, (counts.get(stemOf.get(id)!) ?? 0) + 1);
      const vector = logScaled(counts);
      return vector.terms.reduce((sum, term, i) => sum + (weights.get(term) ?? 0) * vector.values[i], 0);
    });
    const mean = raw.reduce((a, b) => a + b, 0) / raw.length;
    const deviation = Math.sqrt(raw.reduce((sum, score) => sum + (score - mean) ** 2, 0) / raw.length);
    const scores = readerScores(model, index);
    raw.forEach((score, ordinal) => expect(scores[ordinal]).toBeCloseTo((score - mean) / deviation, 4));
  });
});
