// A term is what a leaf of a query searches for: a sequence of word or prefix
// items, adjacent and in order, within a field. Words and prefixes are
// one-item terms, so one piece of code finds all three.
import { termKeyOf, type Field, type LeafNode, type PhraseItem } from '../query/index.js';
import { TEXT_FIELDS, type FieldText, type PaperIndex, type TextField } from './paper-index.js';

export interface Term {
  field: Field;
  items: PhraseItem[];
}

/** Tells whether the word at `position` of a field is the item. */
export type ItemTest = (text: FieldText, position: number) => boolean;

export function termOf(leaf: LeafNode): Term {
  switch (leaf.type) {
    case 'word':
      return { field: leaf.field, items: [{ kind: 'word', stem: leaf.stem }] };
    case 'prefix':
      return { field: leaf.field, items: [{ kind: 'prefix', prefix: leaf.prefix }] };
    case 'phrase':
      return { field: leaf.field, items: leaf.items };
  }
}

export function termKey(term: Term): string {
  return termKeyOf(term.field, term.items);
}

export function fieldsOf(field: Field): readonly TextField[] {
  return field === 'any' ? TEXT_FIELDS : [field];
}

/** The ids of the indexed words that start with `prefix`. */
export function prefixWordIds(index: PaperIndex, prefix: string): Int32Array {
  const sorted = index.sortedWordIds;
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (index.words[sorted[middle]] < prefix) low = middle + 1;
    else high = middle;
  }
  let end = low;
  while (end < sorted.length && index.words[sorted[end]].startsWith(prefix)) end += 1;
  return sorted.subarray(low, end);
}

export function itemTest(index: PaperIndex, item: PhraseItem): ItemTest {
  if (item.kind === 'word') {
    const id = index.stemIds.get(item.stem) ?? -1;
    return (text, position) => text.stems[position] === id;
  }
  const ids = new Set(prefixWordIds(index, item.prefix));
  return (text, position) => ids.has(text.words[position]);
}

/** The word positions where the items occur, adjacent and in order. */
export function occurrences(text: FieldText, tests: readonly ItemTest[]): number[] {
  const found: number[] = [];
  for (let position = next(text, tests, 0); position !== -1; position = next(text, tests, position + 1)) {
    found.push(position);
  }
  return found;
}

/** Whether the items occur anywhere, adjacent and in order. */
export function occursIn(text: FieldText, tests: readonly ItemTest[]): boolean {
  return next(text, tests, 0) !== -1;
}

/** The first position from `from` on where the items occur, or -1. */
function next(text: FieldText, tests: readonly ItemTest[], from: number): number {
  const last = text.stems.length - tests.length;
  for (let position = from; position <= last; position++) {
    let k = 0;
    while (k < tests.length && tests[k](text, position + k)) k += 1;
    if (k === tests.length) return position;
  }
  return -1;
}
