export { parseDump } from './parse.js';
export { fingerprint, normaliseTitle } from './fingerprint.js';
export { boundPaper, cutText, FIELD_LIMITS, type FieldCut } from './bounds.js';
export { SourceFetcher, FETCH_DEFAULTS, type FetcherOptions, type FetchResult, type Validators } from './fetch-source.js';
export { arxivAbsUrl, parseArxivId, type ArxivId } from './arxiv-id.js';
