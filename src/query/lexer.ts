// Cuts a query into operators, field prefixes and terms. Terms are already
// tokenised here, so that a term with nothing searchable is refused at its column.
import type { PhraseItem } from './ast.js';
import { syntaxError } from './syntax-error.js';
import { tokenise, type StemCache } from './tokenise.js';

interface Span {
  start: number;
  end: number;
}

export type Lexeme =
  | (Span & { type: 'lparen' | 'rparen' | 'and' | 'or' | 'not' })
  | (Span & { type: 'field'; field: 'title' | 'abstract' })
  | (Span & { type: 'term'; items: PhraseItem[] });

const OPERATORS: Record<string, 'and' | 'or' | 'not'> = { AND: 'and', OR: 'or', NOT: 'not' };
const FIELD_PREFIX = /^([A-Za-z]+):/;
const KNOWN_FIELDS = new Set(['title', 'abstract']);
const WHITESPACE = /\s/;

/** The lexemes of `source` from offset `from` on; offsets stay relative to `source`. */
export function lex(source: string, from = 0, stems?: StemCache): Lexeme[] {
  const lexemes: Lexeme[] = [];
  let i = from;
  while (i < source.length) {
    const char = source[i];
    if (WHITESPACE.test(char)) i += 1;
    else if (char === '(' || char === ')') {
      lexemes.push({ type: char === '(' ? 'lparen' : 'rparen', start: i, end: i + 1 });
      i += 1;
    } else if (char === '"') i = lexPhrase(source, i, lexemes, stems);
    else if (char === '-') i = lexMinus(source, i, lexemes);
    else i = lexBare(source, i, lexemes, stems);
  }
  return lexemes;
}

function lexPhrase(source: string, open: number, into: Lexeme[], stems?: StemCache): number {
  const close = source.indexOf('"', open + 1);
  if (close === -1) throw syntaxError(source, open, 'unclosed quote — add a closing "');
  if (source.slice(open + 1, close).trim() === '') {
    throw syntaxError(source, open, 'empty phrase — put words between the quotes');
  }
  const items = termItems(source, open + 1, close, stems);
  into.push({ type: 'term', items, start: open, end: close + 1 });
  return close + 1;
}

function lexMinus(source: string, at: number, into: Lexeme[]): number {
  const next = source[at + 1];
  if (next === undefined || WHITESPACE.test(next) || next === ')') {
    throw syntaxError(source, at, '- must be followed directly by what to exclude, e.g. -audio');
  }
  into.push({ type: 'not', start: at, end: at + 1 });
  return at + 1;
}

function lexBare(source: string, start: number, into: Lexeme[], stems?: StemCache): number {
  let end = start;
  while (end < source.length && !WHITESPACE.test(source[end]) && !'()"'.includes(source[end])) end += 1;
  const text = source.slice(start, end);
  const operator = OPERATORS[text];
  if (operator !== undefined) {
    into.push({ type: operator, start, end });
    return end;
  }
  const field = FIELD_PREFIX.exec(text);
  if (field !== null) return lexField(source, start, field[1], into);
  into.push({ type: 'term', items: termItems(source, start, end, stems), start, end });
  return end;
}

function lexField(source: string, start: number, name: string, into: Lexeme[]): number {
  const field = name.toLowerCase();
  if (!KNOWN_FIELDS.has(field)) {
    throw syntaxError(
      source,
      start,
      `unknown field "${name}:" — the fields are title: and abstract:` +
        ` (to search for the word, drop the colon; to name a topic, write "${name}: query")`,
    );
  }
  const after = start + name.length + 1;
  const next = source[after];
  if (next === undefined || WHITESPACE.test(next) || next === ')') {
    throw syntaxError(
      source,
      after,
      `nothing after ${field}: — write ${field}:word, ${field}:"a phrase" or ${field}:( … )` +
        ' with no space',
    );
  }
  into.push({ type: 'field', field: field as 'title' | 'abstract', start, end: after });
  return after;
}

/** The words of `source[start, end)`; a `*` right after a word makes it a prefix. */
function termItems(source: string, start: number, end: number, stems?: StemCache): PhraseItem[] {
  const text = source.slice(start, end);
  const tokens = tokenise(text, stems);
  const prefixEnds = new Set<number>();
  for (let star = text.indexOf('*'); star !== -1; star = text.indexOf('*', star + 1)) {
    const endsWord = tokens.some((token) => token.end === star);
    const startsWord = tokens.some((token) => token.start === star + 1);
    if (!endsWord || startsWord) {
      const message = '* must end a word, e.g. quantiz* (not stand alone or sit inside a word)';
      throw syntaxError(source, start + star, message);
    }
    prefixEnds.add(star);
  }
  if (tokens.length === 0) {
    throw syntaxError(source, start, `"${text}" has no letters or digits to search for`);
  }
  return tokens.map((token) =>
    prefixEnds.has(token.end)
      ? { kind: 'prefix', prefix: token.word }
      : { kind: 'word', stem: token.stem },
  );
}
