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
export const LARGE_HEAP_BYTES = 96 * 1024 * 1024;

/** The heap's growth between full collections, in per cent of what is live; null leaves it to V8. */
export function heapGrowthPercent(liveBytes: number): number | null {
  return liveBytes >= LARGE_HEAP_BYTES ? 50 : null;
}

/** Leaves the heap's growth to V8 until a full collection leaves it large, then caps it. */
export function capHeapGrowthOnceLarge(): void {
  const observer = new PerformanceObserver((list) => {
    const full = list.getEntries().some((entry) => (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR);
    if (!full) return;
    const percent = heapGrowthPercent(getHeapStatistics().used_heap_size);
    if (percent === null) return;
    setFlagsFromString(`--heap-growing-percent=${percent}`);
    observer.disconnect();
  });
  observer.observe({ entryTypes: ['gc'] });
}
