import { describe, expect, it } from 'vitest';
import { benchLargestPaper } from '../../../bench/largest-paper.js';
import { FIELD_LIMITS } from '../../../src/ingest/index.js';

describe('bench/largest-paper.ts', () => {
  it('renders twenty papers as large as ingest allows, every abstract word highlighted, under Gmail’s clip', async () => {
    const result = await benchLargestPaper(1);
    expect(result.papers).toBe(20);
    expect(result.titleChars).toBe(FIELD_LIMITS.title);
    expect(result.abstractChars).toBeGreaterThan(FIELD_LIMITS.abstract - 20);
    expect(result.highlights).toBeGreaterThan(1_000);
    expect(result.htmlBytes).toBeLessThan(100 * 1024);
  });
});
