// Acronyms and their expansions, learned from the papers themselves: a paper
// that writes "large language models (LLMs)" teaches that LLM and "large
// language model" name the same thing. A topic word that is a known acronym
// then also matches the expansion, and a phrase that is an expansion also
// matches the acronym.
import { compoundKey, leavesOf, notKey, synonymsKey, scanWords, stemWord, termKeyOf, type LeafNode, type PhraseNode, type Query, type QueryNode, type WordNode } from '../query/index.js';
import type { Paper } from '../types.js';

/** An acronym as papers spell it out. */
export interface Expansion {
  /** As the papers write it most often, lowercase: `large language models`. */
  text: string;
  /** The stems of its words, as a phrase query compares them. */
  stems: string[];
  /** How many papers spell the acronym out this way. */
  papers: number;
}

export interface AcronymTable {
  /** By the acronym's stem (`llm`): its expansions, best supported first. */
  readonly expansions: ReadonlyMap<string, { acronym: string; expansions: Expansion[] }>;
  /** By an expansion's stems joined by spaces: the acronym's stem and spelling. */
  readonly acronyms: ReadonlyMap<string, { stem: string; acronym: string }>;
}

export const NO_ACRONYMS: AcronymTable = { expansions: new Map(), acronyms: new Map() };

// `(LLMs)`, `(OOD)`, `(RAG)`, `(MoE)`: a capital first, two capitals at least. Digits
// (`T2I`) stand for words no initial spells, so such acronyms are left alone.
const DEFINITION = /\(([A-Z][A-Za-z-]{1,11})\)/g;
// Small words an expansion may hold that the acronym leaves out: "mixture of experts (MoE)".
const SKIPPABLE = new Set(['of', 'and', 'the', 'for', 'to', 'in', 'on', 'with', 'a', 'an', 'by', 'via']);
/** An expansion supported by fewer papers than this share of the best one's is a stray use. */
const MIN_SHARE = 0.5;
/** An acronym the papers also write as an ordinary lowercase word this often (share of papers) is a word, not an acronym. */
const COMMON_WORD_SHARE = 0.02;

export function learnAcronyms(papers: readonly Paper[]): AcronymTable {
  const found = new Map<string, { acronym: string; byStems: Map<string, { texts: Map<string, number>; stems: string[]; papers: Set<string> }> }>();
  for (const paper of papers) {
    for (const text of [paper.title, paper.abstract]) {
      DEFINITION.lastIndex = 0;
      for (let match = DEFINITION.exec(text); match !== null; match = DEFINITION.exec(text)) {
        const defined = definition(match[1], text.slice(Math.max(0, match.index - 160), match.index));
        if (!defined) continue;
        const entry = found.get(defined.stem) ?? { acronym: defined.acronym, byStems: new Map() };
        found.set(defined.stem, entry);
        const key = defined.stems.join(' ');
        const expansion = entry.byStems.get(key) ?? { texts: new Map(), stems: defined.stems, papers: new Set() };
        entry.byStems.set(key, expansion);
        expansion.texts.set(defined.text, (expansion.texts.get(defined.text) ?? 0) + 1);
        expansion.papers.add(paper.id);
      }
    }
  }
  const common = commonWords(papers, new Set([...found.values()].map((entry) => entry.acronym.toLowerCase())));
  const expansions = new Map<string, { acronym: string; expansions: Expansion[] }>();
  const acronyms = new Map<string, { stem: string; acronym: string }>();
  for (const [stem, entry] of found) {
    if (common.has(entry.acronym.toLowerCase())) continue;
    const ranked = [...entry.byStems.values()]
      .map((expansion): Expansion => ({ text: mostCommon(expansion.texts), stems: expansion.stems, papers: expansion.papers.size }))
      .sort((a, b) => b.papers - a.papers || (a.text < b.text ? -1 : 1));
    const supported = ranked.filter((expansion) => expansion.papers >= ranked[0].papers * MIN_SHARE);
    expansions.set(stem, { acronym: entry.acronym, expansions: supported });
    for (const expansion of supported) {
      const key = expansion.stems.join(' ');
      if (!acronyms.has(key)) acronyms.set(key, { stem, acronym: entry.acronym });
    }
  }
  return { expansions, acronyms };
}

/** The expansion that the words before `(ACRONYM)` spell out, initial by initial; null when they do not. */
function definition(written: string, before: string): { acronym: string; stem: string; text: string; stems: string[] } | null {
  const acronym = /^[A-Z][A-Z0-9-]*[A-Z0-9]s$/.test(written) ? written.slice(0, -1) : written;
  const letters = [...acronym].filter((c) => c >= 'A' && c <= 'Z');
  if (letters.length < 2 || letters.length > 8) return null;
  const words: string[] = [];
  scanWords(before, (raw) => words.push(raw));
  let need = letters.length - 1;
  let first = words.length;
  for (let i = words.length - 1; i >= 0 && need >= 0 && words.length - i <= letters.length + 3; i--) {
    const initial = words[i][0].toUpperCase();
    if (initial === letters[need]) {
      need--;
      first = i;
    } else if (SKIPPABLE.has(words[i].toLowerCase()) && i < words.length - 1) {
      continue;
    } else {
      return null;
    }
  }
  if (need >= 0) return null;
  const expansion = words.slice(first);
  return {
    acronym,
    stem: stemWord(written),
    text: expansion.map((word) => word.toLowerCase()).join(' '),
    stems: expansion.map((word) => stemWord(word)),
  };
}

/** Of these lowercase words, those the papers often write as ordinary lowercase words (`it`, `and`). */
function commonWords(papers: readonly Paper[], words: ReadonlySet<string>): Set<string> {
  const counts = new Map<string, number>();
  for (const paper of papers) {
    const seen = new Set<string>();
    const visit = (raw: string) => {
      if (words.has(raw) && !seen.has(raw)) seen.add(raw);
    };
    scanWords(paper.title, visit);
    scanWords(paper.abstract, visit);
    for (const word of seen) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  const limit = Math.max(2, papers.length * COMMON_WORD_SHARE);
  return new Set([...counts].filter(([, count]) => count >= limit).map(([word]) => word));
}

function mostCommon(texts: ReadonlyMap<string, number>): string {
  return [...texts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
}

/**
 * The query with each acronym leaf ORed with its expansions and each
 * expansion phrase ORed with its acronym. The added leaves say what they
 * stand for (`LLM = large language models`), which the why line shows.
 */
export function expandAcronyms(query: Query, table: AcronymTable): Query {
  if (table.expansions.size === 0) return query;
  const root = expandNode(query.root, table);
  return root === query.root ? query : { ...query, root, key: root.key };
}

function expandNode(node: QueryNode, table: AcronymTable): QueryNode {
  switch (node.type) {
    case 'word':
    case 'phrase':
    case 'prefix': {
      const added = alternativesOf(node, table);
      if (added.length === 0) return node;
      const children = [node, ...added];
      return { type: 'or', synonyms: true, children, start: node.start, end: node.end, key: synonymsKey(children) };
    }
    case 'not': {
      const child = expandNode(node.child, table);
      return child === node.child ? node : { ...node, child, key: notKey(child) };
    }
    default: {
      // Already expanded.
      if (node.type === 'or' && node.synonyms) return node;
      const children = node.children.map((child) => expandNode(child, table));
      return children.every((child, i) => child === node.children[i]) ? node : { ...node, children, key: compoundKey(node.type, children) };
    }
  }
}

function alternativesOf(leaf: LeafNode, table: AcronymTable): LeafNode[] {
  if (leaf.type === 'word') {
    const entry = table.expansions.get(leaf.stem);
    if (!entry) return [];
    return entry.expansions.map((expansion): PhraseNode => {
      const items = expansion.stems.map((stem) => ({ kind: 'word' as const, stem }));
      return { type: 'phrase', items, field: leaf.field, text: `${entry.acronym} = ${expansion.text}`, start: leaf.start, end: leaf.end, key: termKeyOf(leaf.field, items) };
    });
  }
  if (leaf.type === 'phrase' && leaf.items.every((item) => item.kind === 'word')) {
    const stems = leaf.items.map((item) => (item.kind === 'word' ? item.stem : ''));
    const entry = table.acronyms.get(stems.join(' '));
    if (!entry) return [];
    const word: WordNode = { type: 'word', stem: entry.stem, field: leaf.field, text: `${entry.acronym} = ${leaf.text.replace(/^"|"$/g, '')}`, start: leaf.start, end: leaf.end, key: termKeyOf(leaf.field, [{ kind: 'word', stem: entry.stem }]) };
    return [word];
  }
  return [];
}

/** The acronym leaves a query gained, e.g. for `paperboy match` to show. */
export function expansionsIn(query: Query): string[] {
  return leavesOf(query.root)
    .map((leaf) => leaf.text)
    .filter((text) => text.includes(' = '));
}
