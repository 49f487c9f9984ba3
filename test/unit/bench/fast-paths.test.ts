// The shortcuts taken for speed (issue 9) must not change what they compute:
// remembered wraps and the ready queue of a run (the store's prepared
// statements: test/integration/store/hot-path.test.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rememberingWrap, wrap } from '../../../src/render/text-helpers.js';
import { ReadyQueue } from '../../../src/run/index.js';

describe('rememberingWrap', () => {
  it('answers as wrap does, the first time and every time after', () => {
    const remembered = rememberingWrap(8);
    const words = fc.array(fc.constantFrom('a', 'bb', 'model', 'https://example.org/a/very/long/link', ' ', '\n'), { maxLength: 40 });
    fc.assert(
      fc.property(words.map((parts) => parts.join(' ')), fc.constantFrom(undefined, 20, 70), fc.constantFrom(undefined, '  '), (text, width, indent) => {
        const expected = wrap(text, width, indent);
        expect(remembered(text, width, indent)).toBe(expected);
        expect(remembered(text, width, indent)).toBe(expected);
      }),
    );
  });
});

describe('ReadyQueue', () => {
  it('hands items over in order, holds the producer while full, and ends consumers once closed and empty', async () => {
    const queue = new ReadyQueue<number>(2);
    await queue.put(1);
    await queue.put(2);
    let third = false;
    const putting = queue.put(3).then(() => (third = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(third).toBe(false);
    expect(await queue.take()).toBe(1);
    await putting;
    expect(third).toBe(true);
    queue.close();
    expect([await queue.take(), await queue.take(), await queue.take()]).toEqual([2, 3, undefined]);
  });

  it('wakes a waiting consumer with the next item, or with undefined on close', async () => {
    const queue = new ReadyQueue<string>(1);
    const waiting = queue.take();
    await queue.put('a');
    expect(await waiting).toBe('a');
    const last = queue.take();
    queue.close();
    expect(await last).toBeUndefined();
  });
});
