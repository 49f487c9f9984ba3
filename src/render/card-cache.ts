// Paper cards are most of a digest, and a paper's card is the same in every
// digest that carries the same look of it (view.ts: its title and snippet
// with the same words highlighted), but for three things: the subscriber's
// feedback token in its 👍/👎 links, and the topic's name and why line,
// which differ between the many forms subscribers write a topic in. So each
// `{{#each papers}}` block that depends on nothing but the paper (and
// @first/@last) is filled once per look and position, with a placeholder
// where each of those goes, and every message after that copies the card
// with its own values in. A block that looks elsewhere (`../`, `@root`,
// `@index`, a partial we cannot see into) is left to the plain `each`; one
// that prints the why line or topic other than as `{{why}}` or `{{topic}}`
// (through a helper, say) keeps a card per value instead of a placeholder:
// caching is an optimisation, never a change of output.

import Handlebars from 'handlebars';
import { remembering } from '../remember.js';
import { compactAscii, escapeHtmlAscii } from './escape.js';
import { feedbackLinks } from './links.js';
import type { PaperView } from './view.js';

/**
 * Where the feedback token's link, the why line and the topic go in a filled
 * card. `visible()` strips these characters from all dump text, and a card
 * whose paper holds one anyway is filled afresh every time (hasSlotCharacter).
 */
const LINK = '\u0001';
const WHY = '\u0002';
const TOPIC = '\u0003';
const HELPER = 'paperboyEachCard';

/** Set on a PaperView whose look is shared between messages (see view.ts): the key its cards are cached under. */
export const CARD_KEY = Symbol('paperboy card key');

/**
 * How a card prints a field that differs between matches of one look, as
 * it travels in the block's hash (literals only): '' not at all; a Print as
 * JSON, one way a placeholder can stand for; 'keyed' any other way, so that
 * the card is kept once per value.
 */
type Use = string;

/**
 * One way of printing a field a placeholder can stand for: `{{why}}`
 * (escaped in HTML), `{{{why}}}`, or `{{wrap why 65 "  "}}`: through
 * `wrap`, whose answer depends on nothing but its arguments, with literals
 * for the rest.
 */
interface Print {
  escaped: boolean;
  wrap?: (string | number | boolean)[];
}

type Field = 'why' | 'topic';

type Program = hbs.AST.Program;
type Node = hbs.AST.Node;

/**
 * A filled card, split where the placeholders were: pieces of text at even
 * positions, between them the number of the value that goes there (0 the
 * link, 1 the why line, 2 the topic). Copying it is a join, not a search.
 */
type Card = (string | number)[];

/** What a card block reads besides its paper's look. */
interface Reads {
  /** `first`, `last`: the data variables it reads. */
  data: Set<string>;
  fields: Record<Field, Use>;
}

/** What the helper makes of a block's Reads: how to find each field's value, if at all. */
interface Plan {
  why: FieldPlan;
  topic: FieldPlan;
}

type FieldPlan = { kind: 'none' } | { kind: 'keyed' } | { kind: 'slot'; print: (value: string) => string };

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
    const reads: Reads = { data: new Set(), fields: { why: '', topic: '' } };
    if (!cacheable(block.program, partials, new Set(), reads, true)) return;
    path.original = HELPER;
    path.parts = [HELPER];
    // A card is kept once per position it can print differently in: first or
    // not, last or not, as far as the block reads @first and @last.
    const number = (key: string, n: number): hbs.AST.HashPair => ({ type: 'HashPair', key, value: { type: 'NumberLiteral', value: n, original: n, loc: block.loc } as hbs.AST.NumberLiteral, loc: block.loc });
    const string = (key: string, text: string): hbs.AST.HashPair => ({ type: 'HashPair', key, value: { type: 'StringLiteral', value: text, original: text, loc: block.loc } as hbs.AST.StringLiteral, loc: block.loc });
    block.hash = {
      type: 'Hash',
      pairs: [
        number('block', nextBlock()),
        number('first', reads.data.has('first') ? 1 : 0),
        number('last', reads.data.has('last') ? 1 : 0),
        string('why', reads.fields.why),
        string('topic', reads.fields.topic),
      ],
      loc: block.loc,
    };
  });
  return ast;
}

/** Registers the caching `each` on an environment; `escape` says whether it prints HTML. */
export function registerCardHelper(env: typeof Handlebars, escape: boolean): void {
  const caches = new Map<number, WeakMap<object, Map<string, Card[]>>>();
  const plans = new Map<number, Plan>();
  // What `{{wrap why …}}` calls: the environment's own helper.
  const wrap = (...args: unknown[]) => String((env.helpers.wrap as (...args: unknown[]) => unknown)(...args));
  const fieldPlan = (use: unknown): FieldPlan => {
    if (use === '' || use === undefined) return { kind: 'none' };
    if (use === 'keyed') return { kind: 'keyed' };
    const { escaped, wrap: args } = JSON.parse(String(use)) as Print;
    const print = (value: string) => {
      const text = args ? wrap(value, ...args) : value;
      return escaped && escape ? compact(escapeHtmlAscii(text)) : text;
    };
    // A message's why lines and topics are the same few strings, shared by every subscriber of a topic.
    return { kind: 'slot', print: remembering(print) };
  };
  env.registerHelper(HELPER, function (this: unknown, papers: PaperView[], options: Handlebars.HelperOptions) {
    if (!Array.isArray(papers) || papers.length === 0) return options.inverse(this);
    const feedback = String(options.data?.root?.links?.feedback ?? '');
    const block = Number(options.hash.block);
    const readsFirst = options.hash.first !== 0;
    const readsLast = options.hash.last !== 0;
    let plan = plans.get(block);
    if (!plan) plans.set(block, (plan = { why: fieldPlan(options.hash.why), topic: fieldPlan(options.hash.topic) }));
    const { why, topic } = plan;
    const keyed = why.kind === 'keyed' || topic.kind === 'keyed';
    let cache = caches.get(block);
    if (!cache) caches.set(block, (cache = new WeakMap()));
    // What goes where a placeholder is: the link for the whole message, the others per paper.
    const values = [escape ? escapeHtmlAscii(feedback) : feedback, '', ''];
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
      const byValue = keyed ? `${why.kind === 'keyed' ? paper.why : ''}\u0000${topic.kind === 'keyed' ? paper.topic : ''}` : '';
      let looks = cache.get(key);
      if (!looks) cache.set(key, (looks = new Map()));
      let cards = looks.get(byValue);
      if (!cards) looks.set(byValue, (cards = []));
      let card = cards[position];
      if (card === undefined) {
        if (hasSlotCharacter(paper, plan)) {
          out += options.fn(paper, { data: frame(i) });
          continue;
        }
        const context: PaperView = { ...paper, links: feedbackLinks(LINK, paper.id) };
        if (why.kind === 'slot') context.why = WHY;
        if (topic.kind === 'slot') context.topic = TOPIC;
        card = cards[position] = splitAtSlots(options.fn(context, { data: frame(i) }));
      }
      if (why.kind === 'slot') values[1] = why.print(paper.why);
      if (topic.kind === 'slot') values[2] = topic.print(paper.topic);
      out += card[0] as string;
      for (let k = 1; k < card.length; k += 2) out += values[card[k] as number] + (card[k + 1] as string);
    }
    return out;
  });
}

/** True when a value the card is filled with holds a placeholder's character: splitting would cut it. */
function hasSlotCharacter(paper: PaperView, plan: Plan): boolean {
  for (const [name, value] of Object.entries(paper)) {
    if (name === 'links' || ((name === 'why' || name === 'topic') && plan[name].kind !== 'keyed')) continue;
    if (/[\u0001-\u0003]/.test(String(value))) return true;
  }
  return false;
}

function splitAtSlots(filled: string): Card {
  const card: Card = [];
  let start = 0;
  for (let at = 0; at < filled.length; at++) {
    const code = filled.charCodeAt(at);
    if (code >= 1 && code <= 3) {
      card.push(compact(filled.slice(start, at)), code - 1);
      start = at + 1;
    }
  }
  card.push(compact(filled.slice(start)));
  return card;
}

/** A card's piece as one byte a character when it is ASCII (see compactAscii): it is copied into every message that has it. */
function compact(piece: string): string {
  return Buffer.byteLength(piece) === piece.length ? compactAscii(piece) : piece;
}

/**
 * True when a block's output depends on nothing but its paper and
 * @first/@last; notes in `reads` what it reads of those and how it prints
 * the why line and topic. `inCard`: the node is evaluated with the paper as
 * its context (not inside an `{{#each}}` or `{{#with}}` of its own).
 */
function cacheable(program: Program, partials: ReadonlyMap<string, Program>, seen: Set<string>, reads: Reads, inCard: boolean): boolean {
  let ok = true;
  const visit = (node: Node, inCard: boolean): void => {
    if (!ok) return;
    switch (node.type) {
      case 'PathExpression': {
        const path = node as hbs.AST.PathExpression;
        if (path.depth > 0 || /^(\.\.|this\.\.)/.test(path.original)) ok = false;
        else if (path.data && !/^(first|last)$/.test(path.parts.join('.'))) ok = false;
        else if (path.data) reads.data.add(path.parts.join('.'));
        // `this` as a whole (given to a helper, say) and `why.length` read the real values.
        else if (path.parts.length === 0) reads.fields.why = reads.fields.topic = 'keyed';
        else if (path.parts[0] === 'why' || path.parts[0] === 'topic') reads.fields[path.parts[0]] = 'keyed';
        return;
      }
      case 'MustacheStatement': {
        const mustache = node as hbs.AST.MustacheStatement;
        const slot = inCard ? slotPrint(mustache) : null;
        if (slot) {
          const before = reads.fields[slot.field];
          reads.fields[slot.field] = before === '' || before === slot.use ? slot.use : 'keyed';
          return;
        }
        if (passesLinks(node)) {
          // The placeholder stands in for the token only where a link is printed
          // as it is: a helper given it (wrap, say) would measure or change the
          // placeholder, not the link.
          ok = false;
          return;
        }
        break;
      }
      case 'SubExpression':
        if (passesLinks(node)) ok = false;
        break;
      case 'BlockStatement': {
        const block = node as hbs.AST.BlockStatement;
        if (passesLinks(node)) {
          ok = false;
          return;
        }
        visit(block.path, inCard);
        for (const param of block.params) visit(param, inCard);
        if (block.hash) visit(block.hash, inCard);
        // Only #if and #unless keep the paper as what their blocks read.
        const keeps = block.path.type === 'PathExpression' && /^(if|unless)$/.test((block.path as hbs.AST.PathExpression).original);
        if (block.program) visit(block.program, inCard && keeps);
        if (block.inverse) visit(block.inverse, inCard && keeps);
        return;
      }
      case 'PartialStatement':
      case 'PartialBlockStatement': {
        const name = (node as hbs.AST.PartialStatement).name;
        const partial = name.type === 'PathExpression' ? partials.get((name as hbs.AST.PathExpression).original) : undefined;
        const key = `${partial ? (name as hbs.AST.PathExpression).original : ''} ${inCard}`;
        if (!partial || (node as hbs.AST.PartialStatement).params.length > 0 || (node as hbs.AST.PartialStatement).hash) ok = false;
        else if (!seen.has(key)) {
          seen.add(key);
          ok = cacheable(partial, partials, seen, reads, inCard);
        }
        return;
      }
      case 'DecoratorBlock':
      case 'Decorator':
        ok = false;
        return;
    }
    for (const child of children(node)) visit(child, inCard);
  };
  visit(program, inCard);
  return ok;
}

/**
 * The field a mustache prints and how (a Print, as JSON), when a
 * placeholder can stand for it: `{{why}}`, `{{{topic}}}`, `{{wrap why 65 "  "}}`.
 */
function slotPrint(mustache: hbs.AST.MustacheStatement): { field: Field; use: string } | null {
  const field = (path: hbs.AST.Expression): Field | null => {
    if (path.type !== 'PathExpression') return null;
    const { data, depth, parts } = path as hbs.AST.PathExpression;
    return !data && depth === 0 && parts.length === 1 && (parts[0] === 'why' || parts[0] === 'topic') ? (parts[0] as Field) : null;
  };
  if (mustache.hash) return null;
  const bare = field(mustache.path);
  if (bare) return mustache.params.length === 0 ? { field: bare, use: JSON.stringify({ escaped: mustache.escaped } satisfies Print) } : null;
  const [first, ...rest] = mustache.params;
  const wrapped = first ? field(first) : null;
  if (!wrapped || mustache.path.type !== 'PathExpression' || (mustache.path as hbs.AST.PathExpression).original !== 'wrap') return null;
  const literals = rest.map((param) => (/^(String|Number|Boolean)Literal$/.test(param.type) ? (param as hbs.AST.StringLiteral).value : undefined));
  if (literals.includes(undefined)) return null;
  return { field: wrapped, use: JSON.stringify({ escaped: mustache.escaped, wrap: literals as Print['wrap'] } satisfies Print) };
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
  for (const child of children(node)) walk(child, visit);
}

/** The nodes right below `node`. */
function children(node: Node): Node[] {
  const found: Node[] = [];
  for (const value of Object.values(node as unknown as Record<string, unknown>)) {
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) found.push(item);
    } else if (isNode(value)) {
      found.push(value);
    }
  }
  return found;
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string' && 'loc' in value;
}
