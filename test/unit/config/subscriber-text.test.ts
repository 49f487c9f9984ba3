import { describe, expect, it } from 'vitest';
import { PaperboyError } from '../../../src/errors.js';
import { validateSubscriber } from '../../../src/config/index.js';

describe('names and topics from a subscriber file or the command line', () => {
  it('lose control characters and bidi overrides before they are stored', () => {
    const input = validateSubscriber({ email: 'ada@example.org', name: 'Ada\u0000\r\nBcc: eve@example.org\u202e', topics: ['diffusion\u0000 model\u0007', '\u2066graph\u2069'] });
    expect(input.name).toBe('Ada  Bcc: eve@example.org');
    expect(input.topics).toEqual([
      { name: 'diffusion model', query: 'diffusion model' },
      { name: 'graph', query: 'graph' },
    ]);
  });

  it('take a name of control characters alone as no name', () => {
    const input = validateSubscriber({ email: 'ada@example.org', name: '\u0000\u0001', topics: ['x'] });
    expect(input.name).toBeNull();
  });

  it('given alone (arguments, a form), name the field, not a file, line or entry', () => {
    const problem = (value: unknown) => {
      try {
        validateSubscriber(value);
      } catch (error) {
        expect(error).toBeInstanceOf(PaperboyError);
        return (error as PaperboyError).message;
      }
      throw new Error('expected a problem');
    };
    expect(problem({ email: 'bad email', topics: ['x'] })).toBe('email: not a valid email address');
    expect(problem({ email: 'a@example.org', topics: ['LLM AND ('] })).toMatch(/^topics\[0\]: column 10: expected a word/);
  });
});
