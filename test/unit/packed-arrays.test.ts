import { describe, expect, it } from 'vitest';
import { packArrays, packedReader, wordsOf } from '../../src/packed-arrays.js';

describe('packed arrays', () => {
  it('read back in order, an empty one included, and say when every word is read', () => {
    const packed = packArrays([Int32Array.of(1, 2, 3), new Int32Array(0), Int32Array.of(-7)]);
    expect([...packed]).toEqual([3, 1, 2, 3, 0, 1, -7]);
    const { next, done } = packedReader(packed);
    expect([...next()]).toEqual([1, 2, 3]);
    expect([...next()]).toEqual([]);
    expect(done()).toBe(false);
    expect([...next()]).toEqual([-7]);
    expect(done()).toBe(true);
    expect(() => next()).toThrow(RangeError);
  });

  it('refuse a length that runs past the end, and bytes that are not whole words', () => {
    expect(() => packedReader(Int32Array.of(5, 1, 2)).next()).toThrow(RangeError);
    expect(() => packedReader(Int32Array.of(-1)).next()).toThrow(RangeError);
    expect(() => wordsOf(new Uint8Array(6))).toThrow(RangeError);
  });

  it('are read from bytes at any offset, a Buffer included', () => {
    const bytes = new Uint8Array(packArrays([Int32Array.of(42, 43)]).buffer);
    const shifted = Buffer.alloc(bytes.byteLength + 1);
    shifted.set(bytes, 1);
    expect([...packedReader(wordsOf(shifted.subarray(1))).next()]).toEqual([42, 43]);
  });
});
