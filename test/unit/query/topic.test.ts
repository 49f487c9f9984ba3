import { describe, expect, it } from 'vitest';
import { parseTopic } from '../../../src/query/index.js';
import { syntaxErrorOf } from './syntax-error-of.js';

describe('parseTopic', () => {
  it('takes the text before the first ": " as the name', () => {
    const topic = parseTopic('Diffusion: "diffusion model" -audio');
    expect(topic).toMatchObject({ name: 'Diffusion', query: '"diffusion model" -audio', named: true });
    expect(topic.ast.key).toBe('(AND "diffus model" (NOT audio))');
  });

  it('allows spaces and hyphens in a name, and trims it', () => {
    expect(parseTopic('  Out-of-distribution work :  OOD').name).toBe('Out-of-distribution work');
  });

  it('does not take a field prefix for a name', () => {
    const topic = parseTopic('title:"speculative decoding"');
    expect(topic).toMatchObject({ name: 'title:"speculative decoding"', named: false });
    expect(topic.ast.key).toBe('title:"specul decod"');
  });

  it('does not take text with quotes, parentheses or colons for a name', () => {
    expect(parseTopic('"robustness: a survey"')).toMatchObject({ named: false, query: '"robustness: a survey"' });
    // Not a name, so the whole line is a query, and `: c` in it is an error.
    expect(syntaxErrorOf(() => parseTopic('(a OR b): c')).column).toBe(9);
  });

  it('reads `title: x` as a field with nothing after it, not as a name', () => {
    expect(syntaxErrorOf(() => parseTopic('title: diffusion')).column).toBe(7);
  });

  it('refuses a name with no query after it, pointing past the name', () => {
    const error = syntaxErrorOf(() => parseTopic('Diffusion: '));
    expect(error.column).toBe(12);
    expect(error.message).toContain('empty query');
  });

  it('names an unnamed topic by its query text', () => {
    expect(parseTopic('  LLM OR "large language model"  ')).toMatchObject({
      name: 'LLM OR "large language model"',
      query: 'LLM OR "large language model"',
      named: false,
    });
  });
});
