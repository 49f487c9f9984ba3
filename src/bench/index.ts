export { runBench, type BenchOptions, type BenchReport } from './run-bench.js';
export { benchMatch, type BenchMatchOptions, type BenchMatchResult } from './match.js';
export { benchRender } from './render.js';
