import { describe, expect, it } from 'vitest';
import { heapGrowthPercent, LARGE_HEAP_BYTES } from '../../../src/cli/heap-growth.js';

describe('the heap\'s growth between full collections', () => {
  it('is left to V8 while a full collection leaves the heap small', () => {
    expect(heapGrowthPercent(20 * 1024 * 1024)).toBeNull();
    expect(heapGrowthPercent(LARGE_HEAP_BYTES - 1)).toBeNull();
  });

  it('is capped at half of what is live once a full collection leaves it large', () => {
    expect(LARGE_HEAP_BYTES).toBeLessThanOrEqual(128 * 1024 * 1024);
    expect(heapGrowthPercent(LARGE_HEAP_BYTES)).toBe(50);
    expect(heapGrowthPercent(240 * 1024 * 1024)).toBe(50);
  });
});
