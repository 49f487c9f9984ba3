// Matching and ranking papers against profile queries.
//
//   buildIndex(papers): PaperIndex
//       Once per batch: postings per field over paper ordinals, and each
//       field's word sequence (for phrases and highlights).
//   createMatcher(index): Matcher
//       Memoises parses by query text, paper sets and scores by canonical
//       (sub)query key, and finished matches by (query, topic name).
//     .matchTopics(topics, { limit?, exclude? }): { matches, total }
//       One subscriber: ranked, each paper once under its best-scoring topic
//       (the earlier topic on a tie). `total` counts all matches; only the
//       `limit` returned get highlights and a why line. `exclude` takes the
//       ids of papers to leave out (e.g. already sent).
//     .matchQuery(query): Match[]
//       Every match of one query, ranked (for `paperboy match "<query>"`).
//   matchQuery(index, query): Match[]
//       The same without keeping a matcher.
//   learnAcronyms(papers): AcronymTable
//       Acronyms and their expansions as the papers spell them out
//       ("large language models (LLMs)"); createMatcher(index, { acronyms })
//       then matches a topic's acronym and its expansion alike.
//   evaluateNaive(query, paper, stems?): boolean
//       Plain evaluation from the text, the reference the property tests hold
//       the index to.
//
// Ranking is BM25-style (term-scores.ts, score.ts): title above abstract,
// phrases above loose words, loose words found adjacent above scattered
// ones; ties by upvotes, then publishedAt, then firstSeenAt, then id.
// Highlights are offsets into the original title and abstract, sorted (title
// first) and non-overlapping. Matches are frozen and shared between calls.
// Syntax errors in a topic throw PB_QUERY_SYNTAX: validate topics with
// parseTopic when they are entered.
export { buildIndex, type PaperIndex } from './paper-index.js';
export { createMatcher, matchQuery, type Candidate, type Matcher, type MatcherOptions, type MatchOptions, type TopicMatches } from './matcher.js';
export { expandAcronyms, expansionsIn, learnAcronyms, NO_ACRONYMS, type AcronymTable, type Expansion } from './acronyms.js';
export { evaluateNaive } from './naive.js';
export { compareForTies } from './tie-order.js';
export { decodeIndex, encodeIndex, indexKey } from './stored-index.js';
