export { ingestDumps, type DumpReport, type IngestReport, type IngestOptions } from './service.js';
export { parseDump } from './parse.js';
export { fingerprint, normaliseTitle } from './fingerprint.js';
export { boundPaper, cutText, FIELD_LIMITS, type FieldCut } from './bounds.js';
export { SourceFetcher, FETCH_DEFAULTS, type FetcherOptions, type FetchResult, type Validators } from './fetch-source.js';
export { type Source, type SourcePoll } from './sources.js';
export { arxivAbsUrl, parseArxivId, type ArxivId } from './arxiv-id.js';
