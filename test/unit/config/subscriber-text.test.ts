import { describe, expect, it } from 'vitest';
import { validateSubscriberEntries } from '../../../src/config/index.js';

describe('names and topics from a subscriber file or the command line', () => {
  it('lose control characters and bidi overrides before they are stored', () => {
    const [input] = validateSubscriberEntries(
      [{ value: { email: 'ada@example.org', name: 'Ada\u0000\r\nBcc: eve@example.org\u202e', topics: ['diffusion\u0000 model\u0007', '\u2066graph\u2069'] }, where: 'line 1' }],
      'subscribers.yaml',
    );
    expect(input.name).toBe('Ada  Bcc: eve@example.org');
    expect(input.topics).toEqual([
      { name: 'diffusion model', query: 'diffusion model' },
      { name: 'graph', query: 'graph' },
    ]);
  });

  it('take a name of control characters alone as no name', () => {
    const [input] = validateSubscriberEntries([{ value: { email: 'ada@example.org', name: '\u0000\u0001', topics: ['x'] }, where: 'line 1' }], 'subscribers.yaml');
    expect(input.name).toBeNull();
  });
});
