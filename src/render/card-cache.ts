// Paper cards are most of a digest, and a paper's card is the same in every
// digest that carries the same match of it, but for the subscriber's feedback
// token in its 👍/👎 links. So each `{{#each papers}}` block that depends on
// nothing but the paper (and @first/@last) is filled once per match and
// position, with a placeholder where the token goes, and every message after
// that copies the card with its own token in. A block that looks elsewhere
// (`../`, `@root`, `@index`, a partial we cannot see into) is left to the
// plain `each`: caching is an optimisation, never a change of output.

import Handlebars from 'handlebars';
import { compactAscii, escapeHtmlAscii } from './escape.js';
import { feedbackLinks } from './links.js';
import type { PaperView } from './view.js';

/** Stands where the feedback token's link goes; `visible()` strips it from all dump text. */
const SLOT = '\u0001';
const HELPER = 'paperboyEachCard';

/** Set on a PaperView whose parts are shared between messages (see view.ts): the key its cards are cached under. */
export const CARD_KEY = Symbol('paperboy card key');

type Program = hbs.AST.Program;
type Node = hbs.AST.Node;

/**
 * Rewrites each cacheable `{{#each papers}}` of a template to the caching
 * helper; `partials` are the sources a `{{> name}}` inside may call.
 */
export function cacheCards(ast: Program, partials: ReadonlyMap<string, Program>, nextBlock: () => number): Program {
  walk(ast, (node) => {
    if (node.type !== 'BlockStatement') return;
    const block = node as hbs.AST.BlockStatement;
    const path = block.path as hbs.AST.PathExpression;
    const [param] = block.params as hbs.AST.PathExpression[];
    if (path.original !== 'each' || block.params.length !== 1 || param.type !== 'PathExpression' || param.original !== 'papers') return;
    if (block.hash || block.program.blockParams?.length) return;
    const reads = new Set<string>();
    if (!cacheable(block.program, partials, new Set(), reads)) return;
    path.original = HELPER;
    path.parts = [HELPER];
    // A card is kept once per position it can print differently in: first or
    // not, last or not, as far as the block reads @first and @last.
    const number = (key: string, n: number): hbs.AST.HashPair => ({ type: 'HashPair', key, value: { type: 'NumberLiteral', value: n, original: n, loc: block.loc } as hbs.AST.NumberLiteral, loc: block.loc });
    block.hash = {
      type: 'Hash',
      pairs: [number('block', nextBlock()), number('first', reads.has('first') ? 1 : 0), number('last', reads.has('last') ? 1 : 0)],
      loc: block.loc,
    };
  });
  return ast;
}

/** Registers the caching `each` on an environment; `escape` says whether it prints HTML. */
export function registerCardHelper(env: typeof Handlebars, escape: boolean): void {
  // A card is kept split where the token goes: copying it is a join, not a search.
  const caches = new Map<number, WeakMap<object, string[][]>>();
  env.registerHelper(HELPER, function (this: unknown, papers: PaperView[], options: Handlebars.HelperOptions) {
    if (!Array.isArray(papers) || papers.length === 0) return options.inverse(this);
    const feedback = String(options.data?.root?.links?.feedback ?? '');
    const slot = escape ? escapeHtmlAscii(feedback) : feedback;
    const block = Number(options.hash.block);
    const readsFirst = options.hash.first !== 0;
    const readsLast = options.hash.last !== 0;
    let cache = caches.get(block);
    if (!cache) caches.set(block, (cache = new WeakMap()));
    // A frame (what @first and @last read) only for the cards that are filled: most are copied.
    const frame = (i: number) => Object.assign(Handlebars.createFrame(options.data ?? {}), { index: i, key: i, first: i === 0, last: i === papers.length - 1 });
    let out = '';
    for (let i = 0; i < papers.length; i++) {
      const paper = papers[i];
      const key = paper[CARD_KEY];
      if (!key) {
        out += options.fn(paper, { data: frame(i) });
        continue;
      }
      const position = (i === 0 && readsFirst ? 1 : 0) + (i === papers.length - 1 && readsLast ? 2 : 0);
      let cards = cache.get(key);
      if (!cards) cache.set(key, (cards = []));
      let card = cards[position];
      if (card === undefined) {
        card = cards[position] = options.fn({ ...paper, links: feedbackLinks(SLOT, paper.id) }, { data: frame(i) }).split(SLOT).map(compact);
      }
      out += card[0];
      for (let k = 1; k < card.length; k++) out += slot + card[k];
    }
    return out;
  });
}

/** A card's piece as one byte a character when it is ASCII (see compactAscii): it is copied into every message that has it. */
function compact(piece: string): string {
  return Buffer.byteLength(piece) === piece.length ? compactAscii(piece) : piece;
}

/** True when a block's output depends on nothing but its paper and @first/@last. */
function cacheable(program: Program, partials: ReadonlyMap<string, Program>, seen: Set<string>, reads: Set<string>): boolean {
  let ok = true;
  walk(program, (node) => {
    if (!ok) return;
    if (node.type === 'PathExpression') {
      const path = node as hbs.AST.PathExpression;
      if (path.depth > 0 || /^(\.\.|this\.\.)/.test(path.original)) ok = false;
      else if (path.data && !/^(first|last)$/.test(path.parts.join('.'))) ok = false;
      else if (path.data) reads.add(path.parts.join('.'));
    } else if (node.type === 'PartialStatement' || node.type === 'PartialBlockStatement') {
      const name = (node as hbs.AST.PartialStatement).name;
      const partial = name.type === 'PathExpression' ? partials.get((name as hbs.AST.PathExpression).original) : undefined;
      const key = partial ? (name as hbs.AST.PathExpression).original : '';
      if (!partial || (node as hbs.AST.PartialStatement).params.length > 0 || (node as hbs.AST.PartialStatement).hash) ok = false;
      else if (!seen.has(key)) {
        seen.add(key);
        ok = cacheable(partial, partials, seen, reads);
      }
    } else if (node.type === 'DecoratorBlock' || node.type === 'Decorator') {
      ok = false;
    } else if (passesLinks(node)) {
      // The placeholder stands in for the token only where a link is printed
      // as it is: a helper given it (wrap, say) would measure or change the
      // placeholder, not the link.
      ok = false;
    }
  });
  return ok;
}

/** True when a helper call or block gets a paper's links (or one of them) as an argument. */
function passesLinks(node: Node): boolean {
  if (node.type !== 'MustacheStatement' && node.type !== 'SubExpression' && node.type !== 'BlockStatement') return false;
  const call = node as hbs.AST.MustacheStatement;
  const values = [...call.params, ...(call.hash?.pairs.map((pair) => pair.value) ?? [])];
  return values.some((value) => value.type === 'PathExpression' && /^(this\.)?links\b/.test((value as hbs.AST.PathExpression).original));
}

/** Visits every node below `node` (depth first), the node itself included. */
function walk(node: Node, visit: (node: Node) => void): void {
  visit(node);
  for (const value of Object.values(node as unknown as Record<string, unknown>)) {
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) walk(item, visit);
    } else if (isNode(value)) {
      walk(value, visit);
    }
  }
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string' && 'loc' in value;
}
