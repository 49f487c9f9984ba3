// A command's pace once warm: the later half of its messages, its start left out.
import { describe, expect, it } from 'vitest';
import { warmPace } from '../../../src/bench/pace.js';

describe('warmPace', () => {
  it('counts the later half of the messages only, so a slow start does not lower it', () => {
    // Ten messages 100 ms apart while warming up, then ten 1 ms apart.
    const slowStart = Array.from({ length: 10 }, (_, i) => i * 100);
    const fast = Array.from({ length: 10 }, (_, i) => 1000 + i);
    // The middle message (the 11th) to the last: 9 messages in 9 ms, where
    // all twenty went at 19 in 1,009 ms.
    expect(warmPace([...slowStart, ...fast])).toBe(1000);
    // A steady stream's pace is its rate: a message every 4 ms.
    expect(warmPace(Array.from({ length: 100 }, (_, i) => 7 + 4 * i))).toBe(250);
  });

  it('follows the later half when it is the slow one', () => {
    const times = [0, 1, 2, 3, 4, 504, 1004, 1504];
    // From the 5th message (4 ms) to the 8th (1,504 ms): 3 messages in 1.5 s.
    expect(warmPace(times)).toBe(2);
  });

  it('has no pace for fewer than four messages, or when the later half took no time', () => {
    expect(warmPace([])).toBeNull();
    expect(warmPace([0, 5, 10])).toBeNull();
    expect(warmPace([0, 5, 10, 10])).toBeNull();
    expect(warmPace([0, 5, 10, 12])).toBe(500);
  });
});
