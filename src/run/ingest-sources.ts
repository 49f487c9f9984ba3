import { createHash } from 'node:crypto';
import { isPaperboyError } from '../errors.js';
import { findDumpBySha, recordSourceFetch, sourceState, storeDump, type Db, type SourceState } from '../store/index.js';
import { fingerprint, parseDump, type FetchResult, type SourceFetcher } from '../ingest/index.js';
import type { DumpReport } from './ingest-dumps.js';

/** A feed from `sources:` in the config. */
export interface Source {
  url: string;
  name: string | null;
}

/** The sources to poll and the fetcher that polls them. */
export interface SourcePoll {
  list: Source[];
  fetcher: SourceFetcher;
}

/**
 * Fetches each source and ingests what it answered exactly as a dump (one
 * transaction, skipped when the same bytes were ingested before). A source
 * that fails is reported with its URL and reason and changes nothing; the
 * others go on. The validators of an answer are kept only once it was
 * ingested, so a feed that could not be read is fetched in full next time.
 */
export async function ingestSources(db: Db, poll: SourcePoll, now: Date, dumpIds: number[]): Promise<DumpReport[]> {
  const reports: DumpReport[] = [];
  for (const source of poll.list) {
    const known = await sourceState(db, source.url);
    const result = await poll.fetcher.fetch(source.url, { etag: known?.etag ?? null, lastModified: known?.lastModified ?? null });
    const { report, state } = await ingestAnswer(db, source, result, now, dumpIds);
    await recordSourceFetch(db, {
      url: source.url,
      name: source.name,
      etag: state.keep ? state.etag : (known?.etag ?? null),
      lastModified: state.keep ? state.lastModified : (known?.lastModified ?? null),
      fetchedAt: now.toISOString(),
      status: result.status,
      papers: report.papers,
      newPapers: report.new,
      error: report.error,
    });
    reports.push(report);
  }
  return reports;
}

async function ingestAnswer(
  db: Db,
  source: Source,
  result: FetchResult,
  now: Date,
  dumpIds: number[],
): Promise<{ report: DumpReport; state: Pick<SourceState, 'etag' | 'lastModified'> & { keep: boolean } }> {
  const report: DumpReport = { path: source.url, format: null, papers: 0, new: 0, skipped: null, error: null, cuts: [] };
  const unchanged = { etag: null, lastModified: null, keep: false };
  if (result.kind === 'failed') return { report: { ...report, error: result.error.message }, state: unchanged };
  if (result.kind === 'not-modified') return { report: { ...report, skipped: 'not modified' }, state: unchanged };
  const kept = { ...result.validators, keep: true };
  const sha256 = createHash('sha256').update(result.body).digest('hex');
  if (await findDumpBySha(db, sha256)) return { report: { ...report, skipped: 'already ingested' }, state: kept };
  try {
    const parsed = parseDump(result.body, { name: source.url, now, feed: true });
    const papers = parsed.papers.map((paper) => ({ ...paper, id: fingerprint(paper.title) }));
    const stored = await storeDump(db, { path: source.url, sha256, format: parsed.format, size: result.body.length }, papers, now);
    dumpIds.push(stored.dumpId);
    return { report: { ...report, format: parsed.format, papers: stored.papers, new: stored.newPapers, cuts: parsed.cuts }, state: kept };
  } catch (error) {
    if (!isPaperboyError(error)) throw error;
    return { report: { ...report, error: error.message }, state: unchanged };
  }
}
