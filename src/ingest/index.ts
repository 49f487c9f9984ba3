export { ingestDumps, type DumpReport, type IngestReport, type IngestOptions } from './service.js';
export { parseDump } from './parse.js';
export { fingerprint, normaliseTitle } from './fingerprint.js';
export { boundPaper, cutText, FIELD_LIMITS, type FieldCut } from './bounds.js';
