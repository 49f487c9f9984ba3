// Recursive descent over the lexemes. Precedence, tightest first: NOT (or -),
// AND (written or implicit), OR.
//
//   query   := or
//   or      := and ( "OR" and )*
//   and     := unary ( "AND"? unary )*
//   unary   := ( "-" | "NOT" ) unary | primary
//   primary := field? ( term | "(" or ")" )
import type { Field, LeafNode, Query, QueryNode } from './ast.js';
import { compoundKey, notKey, termKeyOf } from './ast.js';
import { lex, type Lexeme } from './lexer.js';
import { syntaxError } from './syntax-error.js';
import type { StemCache } from './tokenise.js';
import { refuseNegativeOnly } from './validate.js';

export interface ParseOptions {
  /** Shared stem memo, for callers that parse many queries. */
  stems?: StemCache;
}

/** Parses a query; throws PB_QUERY_SYNTAX with the column on anything it cannot read. */
export function parseQuery(text: string, options: ParseOptions = {}): Query {
  return parseQueryAt(text, 0, options);
}

/** Parses the query that starts at `from` in `source`, so that columns count from the start of `source`. */
export function parseQueryAt(source: string, from: number, options: ParseOptions = {}): Query {
  const parser = new Parser(source, lex(source, from, options.stems));
  const root = parser.parse(from);
  refuseNegativeOnly(source, root);
  return { text: source.slice(from).trim(), source, root, key: root.key };
}

class Parser {
  readonly #source: string;
  readonly #lexemes: Lexeme[];
  #at = 0;

  constructor(source: string, lexemes: Lexeme[]) {
    this.#source = source;
    this.#lexemes = lexemes;
  }

  parse(from: number): QueryNode {
    if (this.#lexemes.length === 0) {
      throw syntaxError(this.#source, from, 'empty query — write at least one word, e.g. diffusion');
    }
    const root = this.#or('any');
    const extra = this.#peek();
    if (extra !== undefined) {
      // #or only stops early at a `)` it did not open.
      throw syntaxError(this.#source, extra.start, ') without a matching ( — remove it or add a ( before');
    }
    return root;
  }

  #or(field: Field): QueryNode {
    const children = [this.#and(field)];
    while (this.#peek()?.type === 'or') {
      this.#at += 1;
      children.push(this.#and(field));
    }
    return combine('or', children);
  }

  #and(field: Field): QueryNode {
    const children = [this.#unary(field)];
    for (let next = this.#peek(); next !== undefined; next = this.#peek()) {
      if (next.type === 'or' || next.type === 'rparen') break;
      if (next.type === 'and') this.#at += 1;
      children.push(this.#unary(field));
    }
    return combine('and', children);
  }

  #unary(field: Field): QueryNode {
    const next = this.#peek();
    if (next?.type !== 'not') return this.#primary(field);
    this.#at += 1;
    const child = this.#unary(field);
    return { type: 'not', child, start: next.start, end: child.end, key: notKey(child) };
  }

  #primary(field: Field): QueryNode {
    const next = this.#peek();
    if (next === undefined || next.type === 'rparen' || next.type === 'and' || next.type === 'or') {
      throw this.#expected(next);
    }
    this.#at += 1;
    if (next.type === 'field') return this.#fielded(next, field);
    if (next.type === 'term') return this.#leaf(next, field);
    if (next.type === 'lparen') return this.#group(next, field);
    throw this.#expected(next);
  }

  #fielded(lexeme: Lexeme & { type: 'field' }, outer: Field): QueryNode {
    if (outer !== 'any' && outer !== lexeme.field) {
      throw syntaxError(
        this.#source,
        lexeme.start,
        `${lexeme.field}: inside ${outer}:( … ) — a term can only be limited to one field`,
      );
    }
    const next = this.#peek();
    if (next?.type !== 'term' && next?.type !== 'lparen') throw this.#expected(next);
    const node = this.#primary(lexeme.field);
    return { ...node, start: lexeme.start };
  }

  #leaf(lexeme: Lexeme & { type: 'term' }, field: Field): LeafNode {
    const { items, start, end } = lexeme;
    const located = { field, text: this.#source.slice(start, end), start, end, key: termKeyOf(field, items) };
    const only = items.length === 1 ? items[0] : undefined;
    if (only?.kind === 'word') return { type: 'word', stem: only.stem, ...located };
    if (only?.kind === 'prefix') return { type: 'prefix', prefix: only.prefix, ...located };
    return { type: 'phrase', items, ...located };
  }

  #group(open: Lexeme, field: Field): QueryNode {
    if (this.#peek()?.type === 'rparen') {
      throw syntaxError(this.#source, open.start, 'empty ( ) — put a word inside');
    }
    const inner = this.#or(field);
    const close = this.#peek();
    if (close?.type !== 'rparen') {
      throw syntaxError(this.#source, open.start, 'unclosed ( — add a closing )');
    }
    this.#at += 1;
    return { ...inner, start: open.start, end: close.end };
  }

  /** The error for a place where a word, phrase or group should have been. */
  #expected(found: Lexeme | undefined): Error {
    const previous = this.#lexemes[this.#at - 1];
    if (found?.type === 'or' || found?.type === 'and') {
      const operator = found.type.toUpperCase();
      return syntaxError(
        this.#source,
        found.start,
        `${operator} needs a word on each side, e.g. diffusion ${operator} flow`,
      );
    }
    const after = previous === undefined ? '' : ` after ${this.#source.slice(previous.start, previous.end)}`;
    const at = found?.start ?? this.#source.length;
    const what = found === undefined ? '' : `, found ${this.#source.slice(found.start, found.end)}`;
    return syntaxError(this.#source, at, `expected a word, "phrase" or (${after}${what}`);
  }

  #peek(): Lexeme | undefined {
    return this.#lexemes[this.#at];
  }
}

/** Builds an AND/OR node, flattening nested ones of the same kind so equal queries get equal keys. */
function combine(type: 'and' | 'or', children: QueryNode[]): QueryNode {
  if (children.length === 1) return children[0];
  const flat = children.flatMap((child) => (child.type === type ? child.children : [child]));
  const [first, last] = [flat[0], flat[flat.length - 1]];
  return { type, children: flat, start: first.start, end: last.end, key: compoundKey(type, flat) };
}
