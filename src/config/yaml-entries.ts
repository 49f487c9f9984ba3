import { isAlias, LineCounter, parseDocument, visit, type Document } from 'yaml';
import { PaperboyError, type ErrorCode } from '../errors.js';
import { yamlValue } from './yaml-value.js';

/** One entry of a YAML list and the line it starts on. */
export interface YamlEntry {
  value: unknown;
  line: number | null;
  /** Its place in the list, from 1. */
  index: number;
}

/**
 * The entries of a YAML file that is one top-level list, one at a time.
 *
 * A list written the usual way (each entry a `- ` at the start of a line) is
 * parsed entry by entry, so a file of 100,000 entries never becomes one
 * document model in memory, many times the file's size; each entry is
 * still parsed by the yaml library and its errors name the file's line.
 * Any other layout (a flow list, anchors shared between entries, several
 * documents, no list at all) is parsed as one document, with the same
 * errors.
 */
export function* yamlListEntries(text: string, path: string, code: ErrorCode): Generator<YamlEntry> {
  const chunks = entryChunks(text);
  if (!chunks) {
    yield* wholeDocumentEntries(text, path, code);
    return;
  }
  let index = 0;
  for (const chunk of chunks) {
    const source = text.slice(chunk.start, chunk.end);
    const lineCounter = new LineCounter();
    const doc = parseDocument(source, { lineCounter, prettyErrors: false });
    if (doc.errors.length > 0) throw notYaml(path, code, chunk.line - 1 + lineCounter.linePos(doc.errors[0].pos[0]).line, doc.errors[0].message);
    if (source.includes('*') && hasUnresolvedAlias(doc)) {
      // An alias to an anchor in an earlier entry: only the whole document
      // resolves it. The entries before it are the same either way, and already given.
      for (const entry of wholeDocumentEntries(text, path, code)) if (entry.index > index) yield entry;
      return;
    }
    const value = yamlValue(doc, path, code);
    for (const entry of value as unknown[]) yield { value: entry, line: chunk.line, index: ++index };
  }
}

interface Chunk {
  start: number;
  end: number;
  /** The line the chunk starts on, from 1. */
  line: number;
}

/**
 * Where each top-level entry starts and ends, or null when the file is not a
 * block list at column 0 with nothing but comments and blank lines (and a
 * leading `---`) outside its entries. Inside an entry, every line but the
 * first is indented or a comment: YAML allows nothing else there.
 */
function entryChunks(text: string): Chunk[] | null {
  const chunks: Chunk[] = [];
  let started = false;
  for (let start = 0, line = 1; start < text.length; line++) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline + 1;
    const first = text.charCodeAt(start);
    if (first === 0x2d /* - */ && isEntryStart(text.charCodeAt(start + 1))) {
      if (chunks.length > 0) chunks[chunks.length - 1].end = start;
      chunks.push({ start, end: text.length, line });
      started = true;
    } else if (!(isBlankOrComment(first) || isIndent(first) || (!started && isDocumentStart(text, start)))) {
      return null;
    } else if (!started && isIndent(first) && !isBlankLine(text, start, end)) {
      // An indented line before the first entry: some other layout.
      return null;
    }
    start = end;
  }
  return chunks.length > 0 ? chunks : null;
}

function isEntryStart(next: number): boolean {
  return Number.isNaN(next) || next === 0x20 || next === 0x09 || next === 0x0a || next === 0x0d;
}

function isIndent(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

function isBlankOrComment(c: number): boolean {
  return c === 0x23 /* # */ || c === 0x0a || c === 0x0d || c === 0xfeff;
}

function isBlankLine(text: string, start: number, end: number): boolean {
  const line = text.slice(start, end).trim();
  return line === '' || line.startsWith('#');
}

function isDocumentStart(text: string, start: number): boolean {
  return text.startsWith('---', start) && isEntryStart(text.charCodeAt(start + 3));
}

function hasUnresolvedAlias(doc: Document): boolean {
  let unresolved = false;
  visit(doc, {
    Alias(_key, node) {
      if (isAlias(node) && node.resolve(doc) === undefined) unresolved = true;
    },
  });
  return unresolved;
}

/** The file as one document: for layouts other than a plain block list. */
function* wholeDocumentEntries(text: string, path: string, code: ErrorCode): Generator<YamlEntry> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) throw notYaml(path, code, lineCounter.linePos(doc.errors[0].pos[0]).line, doc.errors[0].message);
  const value = yamlValue(doc, path, code);
  if (value === null || value === undefined) return;
  if (!Array.isArray(value)) throw new PaperboyError(code, `${path}: expected a list of subscribers (each "- email: …"), got ${typeof value}`);
  for (const [i, entry] of value.entries()) {
    const node = doc.getIn([i], true) as { range?: [number, number, number] } | undefined;
    yield { value: entry, line: node?.range ? lineCounter.linePos(node.range[0]).line : null, index: i + 1 };
  }
}

function notYaml(path: string, code: ErrorCode, line: number, message: string): PaperboyError {
  return new PaperboyError(code, `${path} line ${line}: not valid YAML — ${message.split('\n')[0]}`);
}
