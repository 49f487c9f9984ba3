export { runOnce, type RunOptions, type RunReport } from './run-once.js';
export { ReadyQueue, WorkPool } from './pool.js';
export { retryDeliveries, type RetryReport } from './retry.js';
export { previewDigest, type PreviewKind } from './preview.js';
export { likePapers, findPaperByReference, refreshReaderModels, retrainReader, type PaperReference } from './readers.js';
export { CANDIDATE_DAYS, indexRecentPapers } from './candidates.js';
export { ingestDumps, type DumpReport, type IngestReport, type IngestOptions } from './ingest-dumps.js';
export { ingestSources, type Source, type SourcePoll } from './ingest-sources.js';
export { runWorker, type WorkerOptions, type WorkerReport } from './worker.js';
