// The profile query language: tokenise, stem, parse → AST.
//
//   parseQuery(text, { stems? })  → Query (AST + canonical key); throws PB_QUERY_SYNTAX
//   parseTopic(line)              → { name, query, named, ast } for `Name: query` lines
//   tokenise(text, stems?)        → words with offsets into the original text
//
// Decisions the language makes (DESIGN.md has the forms):
// - Words: letters, digits and combining marks; everything else separates
//   words, in queries and papers alike, so `out-of-distribution` is the
//   phrase "out of distribution". Words are compared lowercased, with
//   diacritics folded (NFKD) and Porter-stemmed; an all-caps plural (`LLMs`)
//   is made singular first.
// - `AND`, `OR`, `NOT` are operators only in capitals; `and`/`or`/`not` are words.
// - `title:` and `abstract:` (any case) apply to the word, phrase, prefix or
//   group right after them, with no space. Any other `word:` is an unknown
//   field and an error, never silently searched as text.
// - `*` ends a prefix (`quantiz*`), also inside a phrase (`"low-bit quant*"`);
//   anywhere else it is an error.
// - A query, and each side of an OR, must require some word: one that only
//   excludes would match nothing or almost everything, and is refused.
// - Errors name the 1-based column (in characters, counted from the start of
//   the topic line) and what was expected, then show the line with a caret.
export type {
  AndNode,
  Field,
  LeafNode,
  NotNode,
  OrNode,
  PhraseItem,
  PhraseNode,
  PrefixNode,
  Query,
  QueryNode,
  WordNode,
} from './ast.js';
export { compoundKey, isLeaf, leavesOf, notKey, synonymsKey, termKeyOf } from './ast.js';
export { parseQuery, parseQueryAt, type ParseOptions } from './parser.js';
export { parseTopic, type ParsedTopic } from './topic.js';
export { foldWord, scanWords, stemWord, tokenise, type StemCache, type Token } from './tokenise.js';
