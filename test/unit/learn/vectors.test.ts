// The vectors a reader model scores papers with, kept with the match index
// between runs: taken back for an index of the same papers, they score
// exactly as vectors made afresh; anything else is refused, and the vectors
// are then made when first needed.
import { describe, expect, it } from 'vitest';
import { adoptVectors, closestLikedIn, encodeVectors, readerScores, trainReader } from '../../../src/learn/index.js';
import { buildIndex } from '../../../src/match/index.js';
import { paper, ROBOTS, VISION } from './papers.js';

const LIKED = ROBOTS;
const DISLIKED = VISION.slice(0, 1);
const PAPERS = [
  paper('u1', 'Learning robot manipulation policies from few demonstrations', 'A robot learns manipulation skills from a few demonstrations.'),
  paper('u2', 'Object detection in images with transformers', 'Transformers detect objects in images.'),
  ...Array.from({ length: 20 }, (_, i) => paper(`b${i}`, `Background paper ${i} on ${['graphs', 'proteins', 'speech', 'robots'][i % 4]}`, `We study ${['graph networks', 'protein folding', 'speech recognition', 'robot arms'][i % 4]} in setting ${i}.`)),
];
const model = trainReader({ liked: LIKED, disliked: DISLIKED, background: PAPERS });

describe('vectors kept with an index', () => {
  it('score and explain, taken back for an index of the same papers, exactly as vectors made afresh', () => {
    const kept = encodeVectors(buildIndex(PAPERS));
    const fresh = buildIndex(PAPERS);
    const adopted = buildIndex(PAPERS);
    expect(adoptVectors(adopted, kept)).toBe(true);
    expect(readerScores(model, adopted)).toEqual(readerScores(model, fresh));
    const closest = [closestLikedIn(model, adopted), closestLikedIn(model, fresh)];
    for (let ordinal = 0; ordinal < PAPERS.length; ordinal++) expect(closest[0](ordinal)).toEqual(closest[1](ordinal));
    expect(readerScores(model, adopted).some((score) => score !== 0)).toBe(true);
  });

  it('are what the index then scores with, and are read from bytes at any offset', () => {
    const kept = encodeVectors(buildIndex(PAPERS));
    // Every weight of the stem columns zeroed: a reader's scores then come out all zero.
    const words = new Int32Array(kept.buffer.slice(0));
    // Packed arrays: the format, the vectors' three, the columns' three; the last holds the weights.
    let at = 0;
    for (let i = 0; i < 6; i++) at += 1 + words[at];
    words.fill(0, at + 1, at + 1 + words[at]);
    const shifted = new Uint8Array(kept.byteLength + 1);
    shifted.set(new Uint8Array(words.buffer), 1);
    const index = buildIndex(PAPERS);
    expect(adoptVectors(index, shifted.subarray(1))).toBe(true);
    expect(readerScores(model, index).every((score) => score === 0)).toBe(true);
    // A driver's Buffer, misaligned: its slice() would be a view, as misaligned.
    const driver = Buffer.alloc(kept.byteLength + 3);
    driver.set(kept, 3);
    const again = buildIndex(PAPERS);
    expect(adoptVectors(again, driver.subarray(3))).toBe(true);
    expect(readerScores(model, again)).toEqual(readerScores(model, buildIndex(PAPERS)));
  });

  it('are refused for an index of other papers, of another format, or damaged, and made afresh then', () => {
    const kept = encodeVectors(buildIndex(PAPERS));
    const other = buildIndex(PAPERS.slice(1));
    expect(adoptVectors(other, kept)).toBe(false);
    const index = buildIndex(PAPERS);
    expect(adoptVectors(index, kept.subarray(0, kept.byteLength - 4))).toBe(false);
    expect(adoptVectors(index, kept.subarray(0, kept.byteLength - 1))).toBe(false);
    expect(adoptVectors(index, new Uint8Array(0))).toBe(false);
    const otherFormat = new Int32Array(kept.buffer.slice(0));
    // The format, the one number of the first packed array.
    otherFormat[1] = 0;
    expect(adoptVectors(index, new Uint8Array(otherFormat.buffer))).toBe(false);
    expect(readerScores(model, index)).toEqual(readerScores(model, buildIndex(PAPERS)));
  });
});
