// Int32 arrays one after another in one array, each preceded by its length:
// how the stored match index (match/stored-index.ts) and the reader-model
// vectors kept with it (learn/score.ts) lay out their numbers.

/** The arrays in one Int32Array, each preceded by its length. */
export function packArrays(arrays: readonly Int32Array[]): Int32Array {
  const packed = new Int32Array(arrays.reduce((sum, array) => sum + 1 + array.length, 0));
  let at = 0;
  for (const array of arrays) {
    packed[at++] = array.length;
    packed.set(array, at);
    at += array.length;
  }
  return packed;
}

/**
 * Reads packed arrays back in order, each a view of `packed`: `next` throws
 * a RangeError when a length runs past the end, and `done` says whether
 * every word has been read.
 */
export function packedReader(packed: Int32Array): { next(): Int32Array; done(): boolean } {
  let at = 0;
  return {
    next() {
      const length = packed[at];
      if (!(length >= 0) || at + 1 + length > packed.length) throw new RangeError('packed arrays: truncated');
      const array = packed.subarray(at + 1, at + 1 + length);
      at += 1 + length;
      return array;
    },
    done: () => at === packed.length,
  };
}

/** The 4-byte words of `bytes`; copied first when misaligned, as a driver's buffer may be (typed array views need alignment). */
export function wordsOf(bytes: Uint8Array): Int32Array {
  if (bytes.byteLength % 4 !== 0) throw new RangeError('packed arrays: not whole 4-byte words');
  // The constructor copies: a Buffer's slice() would be a view, as misaligned.
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : new Uint8Array(bytes);
  return new Int32Array(aligned.buffer, aligned.byteOffset, aligned.byteLength / 4);
}
