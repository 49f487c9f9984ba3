// An index and acronym table kept between runs. Building them tokenises and
// stems every word of the recent window's papers, most of what a run does
// before its first message; they depend only on those papers' ids and text,
// so the store keeps them under a key made of exactly that (indexKey), and a
// run whose papers have not changed reads them back instead.
//
// Layout: a 4-byte header length, the header as JSON (terms, acronyms and
// averages), padding to 4 bytes, then every integer array of the index one
// after another, each preceded by its length, then whatever the caller keeps
// with the index (its `extra` bytes), which this module does not read.
import { createHash } from 'node:crypto';
import { packArrays, packedReader, wordsOf } from '../packed-arrays.js';
import type { Paper } from '../types.js';
import type { AcronymTable, Expansion } from './acronyms.js';
import { TEXT_FIELDS, type FieldIndex, type FieldText, type PaperIndex } from './paper-index.js';
import { tieOrder } from './tie-order.js';

/** Changes whenever the index or this layout does, so that an older stored index is never read. */
const FORMAT = 'paperboy-index-2';

interface Header {
  format: string;
  papers: number;
  stems: string[];
  words: string[];
  averageLength: Record<string, number>;
  expansions: [string, { acronym: string; expansions: Expansion[] }][];
  acronyms: [string, { stem: string; acronym: string }][];
  /** Int32 words of the index's arrays, before the extra bytes. */
  words32: number;
}

/** What an index of `papers` is kept under: their order, ids and text, and the format. */
export function indexKey(papers: readonly Paper[]): string {
  const hash = createHash('sha256').update(FORMAT);
  for (const paper of papers) hash.update(`\0${paper.id}\0${paper.title}\0${paper.abstract}`);
  return hash.digest('base64url');
}

/** The index as bytes, with `extra` (something made of the index, e.g. learn's vectors) kept after it as it is. */
export function encodeIndex(index: PaperIndex, acronyms: AcronymTable, extra: Uint8Array = new Uint8Array(0)): Buffer {
  const arrays: Int32Array[] = [index.sortedWordIds];
  for (const field of TEXT_FIELDS) {
    const { texts, stemPostings, wordPostings } = index.fields[field];
    for (const text of texts) arrays.push(text.starts, text.ends, text.stems, text.words);
    // A field lists postings up to the last term it holds, which may be fewer than the lexicon's.
    arrays.push(Int32Array.of(stemPostings.length, wordPostings.length), ...stemPostings, ...wordPostings);
  }
  const body = packArrays(arrays);
  const stems: string[] = [];
  for (const [stem, id] of index.stemIds) stems[id] = stem;
  const header: Header = {
    format: FORMAT,
    papers: index.papers.length,
    stems,
    words: [...index.words],
    averageLength: Object.fromEntries(TEXT_FIELDS.map((field) => [field, index.fields[field].averageLength])),
    expansions: [...acronyms.expansions],
    acronyms: [...acronyms.acronyms],
    words32: body.length,
  };
  const json = Buffer.from(JSON.stringify(header));
  const start = align(4 + json.length);
  const out = Buffer.alloc(start + body.byteLength + extra.byteLength);
  out.writeUInt32LE(json.length, 0);
  json.copy(out, 4);
  Buffer.from(body.buffer).copy(out, start);
  out.set(extra, start + body.byteLength);
  return out;
}

/**
 * The index and acronyms that `encodeIndex` wrote for these same papers
 * (their key matched), and the extra bytes kept with them, or null when
 * `data` is not such an index: then the caller builds afresh.
 */
export function decodeIndex(papers: readonly Paper[], data: Uint8Array): { index: PaperIndex; acronyms: AcronymTable; extra: Uint8Array } | null {
  try {
    const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const length = bytes.readUInt32LE(0);
    const header = JSON.parse(bytes.subarray(4, 4 + length).toString()) as Header;
    if (header.format !== FORMAT || header.papers !== papers.length) return null;
    const start = align(4 + length);
    if (!Number.isSafeInteger(header.words32) || header.words32 < 0 || start + 4 * header.words32 > bytes.byteLength) return null;
    const end = start + 4 * header.words32;
    const body = wordsOf(bytes.subarray(start, end));
    const { next, done } = packedReader(body);
    const sortedWordIds = next();
    const field = (name: string): FieldIndex => {
      const texts = papers.map((): FieldText => ({ starts: next(), ends: next(), stems: next(), words: next() }));
      const [stems, words] = next();
      const stemPostings = Array.from({ length: stems }, next);
      const wordPostings = Array.from({ length: words }, next);
      return { texts, stemPostings, wordPostings, averageLength: header.averageLength[name] };
    };
    const [title, abstract] = TEXT_FIELDS.map(field);
    if (!done()) return null;
    const index: PaperIndex = {
      papers,
      ordinalOf: new Map(papers.map((paper, ordinal) => [paper.id, ordinal])),
      stemIds: new Map(header.stems.map((stem, id) => [stem, id])),
      words: header.words,
      sortedWordIds,
      fields: { title, abstract },
      // Upvotes change from dump to dump while the text stays: the tie order is worked out afresh.
      tieOrder: tieOrder(papers),
    };
    return { index, acronyms: { expansions: new Map(header.expansions), acronyms: new Map(header.acronyms) }, extra: bytes.subarray(end) };
  } catch {
    return null;
  }
}

function align(offset: number): number {
  return (offset + 3) & ~3;
}
