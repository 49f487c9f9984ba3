import { describe, expect, it } from 'vitest';
import { parseQuery, parseTopic } from '../../../src/query/index.js';
import { syntaxErrorOf } from './syntax-error-of.js';

describe('query syntax errors', () => {
  it.each([
    ['"diffusion model -audio', 1, 'unclosed quote — add a closing "'],
    ['diffusion (model', 11, 'unclosed ( — add a closing )'],
    ['diffusion model)', 16, ') without a matching ('],
    ['title: diffusion', 7, 'nothing after title:'],
    ['abstract:', 10, 'nothing after abstract:'],
    ['diffusion OR', 13, 'expected a word, "phrase" or ( after OR'],
    ['OR diffusion', 1, 'OR needs a word on each side'],
    ['a OR OR b', 6, 'OR needs a word on each side'],
    ['a AND', 6, 'expected a word, "phrase" or ( after AND'],
    ['a NOT', 6, 'after NOT'],
    ['author:smith', 1, 'unknown field "author:"'],
    ['', 1, 'empty query'],
    ['   ', 1, 'empty query'],
    ['*', 1, '* must end a word'],
    ['diffusion *', 11, '* must end a word'],
    ['fo*o', 3, '* must end a word'],
    ['"diffusion *"', 12, '* must end a word'],
    ['a ()', 3, 'empty ( )'],
    ['a - b', 3, '- must be followed directly'],
    ['""', 1, 'empty phrase'],
    ['"?!"', 2, 'has no letters or digits'],
    ['title:-x', 7, 'expected a word, "phrase" or ( after title:, found -'],
    ['title:(abstract:x)', 8, 'abstract: inside title:( … )'],
    ['-audio', 1, 'only excludes papers — add a word to match'],
    ['NOT audio', 1, 'only excludes papers'],
    ['-audio -speech', 1, 'only excludes papers'],
    ['-(a OR b)', 1, 'only excludes papers'],
    ['diffusion OR -audio', 14, 'on one side of OR only excludes papers'],
    ['(a OR -b) c', 7, 'on one side of OR only excludes papers'],
  ])('%j → column %i: %s', (query, column, message) => {
    const error = syntaxErrorOf(() => parseQuery(query));
    expect(error.code).toBe('PB_QUERY_SYNTAX');
    expect(error.column).toBe(column);
    expect(error.message.startsWith(`column ${column}: `)).toBe(true);
    expect(error.message).toContain(message);
  });

  it('shows the query with a caret under the column', () => {
    const error = syntaxErrorOf(() => parseQuery('diffusion (model'));
    expect(error.message).toBe(
      'column 11: unclosed ( — add a closing )\n  diffusion (model\n            ^',
    );
  });

  it('counts columns from the start of a topic line', () => {
    const error = syntaxErrorOf(() => parseTopic('Diffusion: "diffusion model -audio'));
    expect(error.column).toBe(12);
    expect(error.message).toBe(
      'column 12: unclosed quote — add a closing "\n  Diffusion: "diffusion model -audio\n             ^',
    );
  });

  it('counts columns in characters, not UTF-16 units', () => {
    expect(syntaxErrorOf(() => parseQuery('𝛼 (x')).column).toBe(3);
  });

  it('keeps the caret under the column when the query holds a tab', () => {
    const error = syntaxErrorOf(() => parseQuery('a\t(b'));
    expect(error.message.split('\n').slice(1)).toEqual(['  a (b', '    ^']);
  });
});
