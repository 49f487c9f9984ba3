export { runBench, type BenchOptions, type BenchReport, type CpuShare } from './run-bench.js';
export { benchMatch, type BenchMatchOptions, type BenchMatchResult } from './match.js';
export { benchRender } from './render.js';
