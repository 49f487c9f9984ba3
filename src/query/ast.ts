// The parsed form of a profile query. Leaves carry their source text (for the
// "why" line) and their place in the source (for error carets).

/** Where a term may match; `any` is title or abstract. */
export type Field = 'title' | 'abstract' | 'any';

/** One word of a phrase: an exact stem, or a prefix of the unstemmed word. */
export type PhraseItem = { kind: 'word'; stem: string } | { kind: 'prefix'; prefix: string };

interface Located {
  /** Offsets into `Query.source` of the text this node was parsed from. */
  start: number;
  end: number;
  /**
   * A canonical rendering of the subtree (stems, explicit operators, no
   * source text): two subtrees with the same key match the same papers with
   * the same scores, so results are memoised by it.
   */
  key: string;
}

interface LeafBase extends Located {
  field: Field;
  /** The term as the user wrote it, without its field prefix, e.g. `"diffusion model"`. */
  text: string;
}

export interface WordNode extends LeafBase {
  type: 'word';
  stem: string;
}

export interface PrefixNode extends LeafBase {
  type: 'prefix';
  /** Lowercase, folded; compared with the unstemmed word. */
  prefix: string;
}

/** Two or more items, adjacent and in order, within one field. */
export interface PhraseNode extends LeafBase {
  type: 'phrase';
  items: PhraseItem[];
}

export interface AndNode extends Located {
  type: 'and';
  children: QueryNode[];
}

export interface OrNode extends Located {
  type: 'or';
  children: QueryNode[];
  /**
   * One term in other words: the reader's word (the first child) and what
   * the papers spell it as (an acronym's expansions). A paper matching
   * several of them holds one concept, so it scores as for the best one.
   */
  synonyms?: true;
}

export interface NotNode extends Located {
  type: 'not';
  child: QueryNode;
}

export type LeafNode = WordNode | PrefixNode | PhraseNode;
export type QueryNode = LeafNode | AndNode | OrNode | NotNode;

/** A parsed query. */
export interface Query {
  /** The query text as given. */
  text: string;
  /** The text the node offsets point into (the whole topic line for a named topic). */
  source: string;
  root: QueryNode;
  /** The root's key. */
  key: string;
}

export function isLeaf(node: QueryNode): node is LeafNode {
  return node.type === 'word' || node.type === 'prefix' || node.type === 'phrase';
}

/** The leaves in source order; leaf indices are the same for every query with one key. */
export function leavesOf(node: QueryNode, into: LeafNode[] = []): LeafNode[] {
  if (isLeaf(node)) into.push(node);
  else if (node.type === 'not') leavesOf(node.child, into);
  else for (const child of node.children) leavesOf(child, into);
  return into;
}

/** The key of a leaf: `title:diffus`, `quantiz*`, `"diffus model"`. Unambiguous, like every key. */
export function termKeyOf(field: Field, items: readonly PhraseItem[]): string {
  const words = items.map((item) => (item.kind === 'word' ? item.stem : `${item.prefix}*`));
  const prefix = field === 'any' ? '' : `${field}:`;
  return words.length === 1 ? prefix + words[0] : `${prefix}"${words.join(' ')}"`;
}

export function compoundKey(type: 'and' | 'or', children: readonly QueryNode[]): string {
  return `(${type.toUpperCase()} ${children.map((child) => child.key).join(' ')})`;
}

/** Distinct from compoundKey('or', …): synonyms score apart from an OR the reader wrote. */
export function synonymsKey(children: readonly QueryNode[]): string {
  return `(SYN ${children.map((child) => child.key).join(' ')})`;
}

export function notKey(child: QueryNode): string {
  return `(NOT ${child.key})`;
}
