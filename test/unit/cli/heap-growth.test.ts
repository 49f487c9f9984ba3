import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { CAPPED_GROWTH_PERCENT, capHeapGrowthOnceLarge } from '../../../src/cli/heap-growth.js';

// A full collection on demand, as `node --expose-gc` gives one.
setFlagsFromString('--expose-gc');
const fullCollection = runInNewContext('gc') as () => void;

describe("the heap's growth between full collections", () => {
  it('is capped once a full collection leaves the heap large', async () => {
    const capped = capHeapGrowthOnceLarge(1);
    fullCollection();
    expect(await capped).toBe(CAPPED_GROWTH_PERCENT);
  });
});
