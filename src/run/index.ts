export { runOnce, type RunOptions, type RunReport } from './run-once.js';
export { ReadyQueue, WorkPool } from './pool.js';
export { retryDeliveries, type RetryReport } from './retry.js';
export { previewDigest, type PreviewKind } from './preview.js';
