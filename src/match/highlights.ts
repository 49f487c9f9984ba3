import type { Highlight } from '../types.js';

export const NO_HIGHLIGHTS: readonly Highlight[] = Object.freeze([]);

// A span packed into one number, start * 2^26 + end, so that a plain numeric
// sort orders spans by start, then end, without allocating a pair per span.
const SHIFT = 2 ** 26;
const LIMIT = SHIFT - 1;

/**
 * Turns flat `[start, end, start, end, …]` spans of one field into sorted,
 * non-overlapping highlights; overlapping or touching spans become one, so a
 * renderer can wrap each in bold without nesting tags.
 */
export function mergeSpans(field: Highlight['field'], flat: readonly number[]): Highlight[] {
  const packed = new Float64Array(flat.length / 2);
  for (let i = 0; i < packed.length; i++) {
    packed[i] = Math.min(flat[2 * i], LIMIT) * SHIFT + Math.min(flat[2 * i + 1], LIMIT);
  }
  packed.sort();
  const merged: Highlight[] = [];
  for (const span of packed) {
    const start = Math.floor(span / SHIFT);
    const end = span - start * SHIFT;
    const last = merged[merged.length - 1];
    if (last !== undefined && start <= last.end) last.end = Math.max(last.end, end);
    else merged.push({ field, start, end });
  }
  return merged;
}

/**
 * Combines sorted, merged, frozen highlight lists (title before abstract) into
 * one such list, by a k-way merge. Highlights that need no merging are shared,
 * not copied.
 */
export function combineHighlights(lists: readonly (readonly Highlight[])[]): readonly Highlight[] {
  const distinct: (readonly Highlight[])[] = [];
  for (const list of lists) if (list.length > 0 && !distinct.includes(list)) distinct.push(list);
  if (distinct.length === 0) return NO_HIGHLIGHTS;
  if (distinct.length === 1) return distinct[0];
  const heads = new Array<number>(distinct.length).fill(0);
  const combined: Highlight[] = [];
  for (;;) {
    let best = -1;
    for (let k = 0; k < distinct.length; k++) {
      if (heads[k] === distinct[k].length) continue;
      if (best === -1 || precedes(distinct[k][heads[k]], distinct[best][heads[best]])) best = k;
    }
    if (best === -1) return Object.freeze(combined);
    const highlight = distinct[best][heads[best]];
    heads[best] += 1;
    const last = combined[combined.length - 1];
    if (last === undefined || last.field !== highlight.field || highlight.start > last.end) {
      combined.push(highlight);
    } else if (highlight.end > last.end) {
      const joined = { field: last.field, start: last.start, end: highlight.end };
      combined[combined.length - 1] = Object.freeze(joined);
    }
  }
}

function precedes(a: Highlight, b: Highlight): boolean {
  if (a.field !== b.field) return a.field === 'title';
  return a.start < b.start || (a.start === b.start && a.end < b.end);
}
