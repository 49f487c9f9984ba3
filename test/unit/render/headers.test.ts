import { describe, expect, it } from 'vitest';
import { isPaperboyError } from '../../../src/errors.js';
import { formatAddress, headerText, listId, listUnsubscribe, messageId, parseSender } from '../../../src/render/headers.js';

describe('headers', () => {
  it('collapses CR, LF and other control characters so no value can start a header', () => {
    expect(headerText('Title\r\nBcc: victim@example.com\u0000\t x')).toBe('Title Bcc: victim@example.com x');
    expect(headerText('a\u2028b\u0085c')).toBe('a b c');
  });

  it('quotes the display name and escapes quotes and backslashes in it', () => {
    expect(formatAddress('Ada', 'ada@example.org')).toBe('"Ada" <ada@example.org>');
    expect(formatAddress('Ada "Countess" \\ L., <x>', 'ada@example.org')).toBe('"Ada \\"Countess\\" \\\\ L., <x>" <ada@example.org>');
    expect(formatAddress(null, 'ada@example.org')).toBe('ada@example.org');
    expect(formatAddress('Eve\r\nBcc: x@y', 'eve@example.org\r\n')).toBe('"Eve Bcc: x@y" <eve@example.org>');
  });

  it('reads the brand and domain from delivery.from', () => {
    expect(parseSender('Paperboy <digest@Example.org>')).toEqual({
      brand: 'Paperboy',
      address: 'digest@Example.org',
      domain: 'example.org',
      from: '"Paperboy" <digest@Example.org>',
    });
    expect(parseSender('news@example.org').brand).toBe('Paperboy');
  });

  it('rejects a from that holds no address', () => {
    for (const bad of ['Paperboy', 'Paperboy <>', 'x@']) {
      let caught: unknown;
      try {
        parseSender(bad);
      } catch (error) {
        caught = error;
      }
      expect(isPaperboyError(caught, 'PB_CONFIG_KEY')).toBe(true);
    }
  });

  it('derives List-Id from the from address', () => {
    expect(listId(parseSender('Paperboy <digest@example.org>'))).toBe('Paperboy digests <digest.example.org>');
    expect(listId(parseSender('"Lab, Inc." <papers+ml@lab.example>'))).toBe('"Lab, Inc. digests" <papers-ml.lab.example>');
  });

  it('builds a deterministic Message-ID per edition and subscriber', () => {
    const digest = { key: 'daily:2026-11-24', kind: 'daily' as const, subscriber: { id: 1, email: 'a@b.c', name: null, timezone: 'UTC' } };
    const id = messageId(digest, 'example.org');
    expect(id).toMatch(/^<[0-9a-f]{32}\.daily@example\.org>$/);
    expect(messageId(digest, 'example.org')).toBe(id);
    expect(messageId({ ...digest, subscriber: { ...digest.subscriber, id: 2 } }, 'example.org')).not.toBe(id);
    expect(messageId({ ...digest, key: 'daily:2026-11-25' }, 'example.org')).not.toBe(id);
  });

  it('offers both an https and a mailto unsubscribe', () => {
    expect(listUnsubscribe('https://p.example/unsubscribe?token=T.S', 'T.S', 'example.org')).toBe(
      '<https://p.example/unsubscribe?token=T.S>, <mailto:unsubscribe@example.org?subject=unsubscribe%20T.S>',
    );
  });
});
