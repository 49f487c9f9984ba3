// Sets of paper ordinals as bit arrays: a batch of a thousand papers is 32
// words, so AND / OR / NOT of whole query subtrees cost a few dozen operations.

export type Bitset = Uint32Array;

export function emptySet(size: number): Bitset {
  return new Uint32Array((size + 31) >>> 5);
}

export function fromSorted(size: number, ordinals: ArrayLike<number>): Bitset {
  const set = emptySet(size);
  for (let i = 0; i < ordinals.length; i++) add(set, ordinals[i]);
  return set;
}

export function add(set: Bitset, ordinal: number): void {
  set[ordinal >>> 5] |= 1 << (ordinal & 31);
}

export function remove(set: Bitset, ordinal: number): void {
  set[ordinal >>> 5] &= ~(1 << (ordinal & 31));
}

export function has(set: Bitset, ordinal: number): boolean {
  return (set[ordinal >>> 5] & (1 << (ordinal & 31))) !== 0;
}

export function intersect(a: Bitset, b: Bitset): Bitset {
  const out = new Uint32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] & b[i];
  return out;
}

export function union(a: Bitset, b: Bitset): Bitset {
  const out = new Uint32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] | b[i];
  return out;
}

/** Everything in [0, size) that is not in `set`. */
export function complement(set: Bitset, size: number): Bitset {
  const out = new Uint32Array(set.length);
  for (let i = 0; i < set.length; i++) out[i] = ~set[i];
  const spare = size & 31;
  // Bits past the last paper must stay clear, or they would read as matches.
  if (spare !== 0) out[out.length - 1] &= (1 << spare) - 1;
  return out;
}

export function count(set: Bitset): number {
  let total = 0;
  for (let i = 0; i < set.length; i++) {
    let word = set[i] - ((set[i] >>> 1) & 0x55555555);
    word = (word & 0x33333333) + ((word >>> 2) & 0x33333333);
    total += Math.imul((word + (word >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
  }
  return total;
}

/** The ordinals in `set`, ascending. */
export function members(set: Bitset): Int32Array {
  const out = new Int32Array(count(set));
  let next = 0;
  for (let i = 0; i < set.length; i++) {
    let word = set[i];
    while (word !== 0) {
      const low = word & -word;
      out[next++] = (i << 5) + 31 - Math.clz32(low);
      word ^= low;
    }
  }
  return out;
}
