// The obviously-correct evaluation, straight from a paper's text: no index,
// no sets. The property tests hold the indexed matcher to it.
import {
  tokenise,
  type Field,
  type PhraseItem,
  type Query,
  type QueryNode,
  type StemCache,
  type Token,
} from '../query/index.js';
import type { Paper } from '../types.js';
import { termOf } from './terms.js';

type Texts = Record<'title' | 'abstract', Token[]>;

/** Whether the paper matches; `stems` only memoises stemming, for callers that evaluate a lot. */
export function evaluateNaive(
  query: Query,
  paper: Pick<Paper, 'title' | 'abstract'>,
  stems?: StemCache,
): boolean {
  const texts: Texts = { title: tokenise(paper.title, stems), abstract: tokenise(paper.abstract, stems) };
  return holds(query.root, texts);
}

function holds(node: QueryNode, texts: Texts): boolean {
  switch (node.type) {
    case 'not':
      return !holds(node.child, texts);
    case 'and':
      return node.children.every((child) => holds(child, texts));
    case 'or':
      return node.children.some((child) => holds(child, texts));
    default: {
      const { field, items } = termOf(node);
      return fieldTokens(field, texts).some((tokens) => containsSequence(tokens, items));
    }
  }
}

function fieldTokens(field: Field, texts: Texts): Token[][] {
  return field === 'any' ? [texts.title, texts.abstract] : [texts[field]];
}

function containsSequence(tokens: Token[], items: PhraseItem[]): boolean {
  for (let start = 0; start + items.length <= tokens.length; start++) {
    if (items.every((item, k) => itemMatches(item, tokens[start + k]))) return true;
  }
  return false;
}

function itemMatches(item: PhraseItem, token: Token): boolean {
  return item.kind === 'word' ? token.stem === item.stem : token.word.startsWith(item.prefix);
}
