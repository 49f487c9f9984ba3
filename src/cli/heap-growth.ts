// How far V8 lets the heap grow between full collections. Left to V8, it
// grows up to four times what is live, more than a run for 100,000 readers
// can afford; capped from the start, a smaller run, whose caches fill as it
// goes, collects over and over. So the heap grows freely until a full
// collection leaves it large, and by half of what is live from then on. V8
// reads the flag each time it sets its next limit, so it may change at any
// time.
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';

/** Live heap after a full collection from which growth is capped. */
const LARGE_HEAP_BYTES = 96 * 1024 * 1024;
/** The heap's growth from then on, in per cent of what is live. */
export const CAPPED_GROWTH_PERCENT = 50;

/**
 * Leaves the heap's growth to V8 until a full collection leaves at least
 * `largeBytes` live, then caps it; the promise settles with the cap when it
 * is set (a small run never sets it).
 */
export function capHeapGrowthOnceLarge(largeBytes = LARGE_HEAP_BYTES): Promise<number> {
  return new Promise((resolve) => {
    const observer = new PerformanceObserver((list) => {
      const full = list.getEntries().some((entry) => (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR);
      if (!full || getHeapStatistics().used_heap_size < largeBytes) return;
      setFlagsFromString(`--heap-growing-percent=${CAPPED_GROWTH_PERCENT}`);
      observer.disconnect();
      resolve(CAPPED_GROWTH_PERCENT);
    });
    observer.observe({ entryTypes: ['gc'] });
  });
}
