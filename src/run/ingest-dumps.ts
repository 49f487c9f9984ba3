import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { isPaperboyError, PaperboyError } from '../errors.js';
import { feedKey, isFeedUrl } from '../feed-url.js';
import { findDumpBySha, storeDump, type Db } from '../store/index.js';
import type { DumpFormat } from '../types.js';
import { fingerprint, parseDump, type FieldCut } from '../ingest/index.js';
import { ingestSources, type SourcePoll } from './ingest-sources.js';

/**
 * One line of the `ingest --json` report: a dump file, or a source (`path`
 * is then its URL). `skipped` and `error` say why it added nothing.
 */
export interface DumpReport {
  path: string;
  format: DumpFormat | null;
  papers: number;
  new: number;
  skipped: 'already ingested' | 'still being written' | 'not modified' | null;
  error: string | null;
  /** Fields cut to their bound (see FIELD_LIMITS): which paper, which field, how long it was. */
  cuts: FieldCut[];
}

export interface IngestReport {
  dumps: DumpReport[];
  papers: number;
  new: number;
  /** Store ids of the dumps stored by this ingest (not part of the JSON report). */
  dumpIds: number[];
}

export interface IngestOptions {
  db: Db;
  /** Files named by the user, or feed URLs to fetch once; without them, every file in `dir`. */
  files?: string[];
  dir: string;
  now: Date;
  /**
   * A file in `dir` modified this recently may still be growing: the ingest
   * waits until it is this old, and leaves it for the next ingest if it
   * changed meanwhile.
   */
  stableMs?: number;
  /** How the ingest waits for a young file (tests pass their own). */
  sleep?: (ms: number) => Promise<void>;
  /** Paths in the report are relative to this folder. */
  cwd?: string;
  /** Feeds fetched after the folder's dumps; not when files are named (a URL among them is fetched with this fetcher). */
  sources?: SourcePoll;
}

// Names that editors and copy tools use for files in progress.
const IN_PROGRESS = /(^\.|~$|\.(tmp|part|partial|crdownload|swp)$)/i;

export async function ingestDumps(options: IngestOptions): Promise<IngestReport> {
  const cwd = options.cwd ?? process.cwd();
  const explicit = options.files !== undefined && options.files.length > 0;
  // A set-up fed by sources alone may have no dumps folder at all.
  const feedsOnly = (options.sources?.list.length ?? 0) > 0;
  // A feed's URL named on the command line is fetched once, as a source is: to try it before it goes in sources:.
  const named = explicit ? options.files! : [];
  const urls = named.filter(isFeedUrl);
  const paths = explicit ? named.filter((file) => !isFeedUrl(file)).map((file) => resolve(cwd, file)) : await listDumps(options.dir, feedsOnly);
  const report: IngestReport = { dumps: [], papers: 0, new: 0, dumpIds: [] };
  for (const path of paths) {
    const shown = relative(cwd, path) || path;
    const line = await ingestOne(options, path, shown, explicit ? 0 : options.stableMs ?? 2000, report.dumpIds);
    report.dumps.push(line);
  }
  if (urls.length > 0) {
    if (options.sources) {
      // A feed that is already a source is fetched as that source, under its name and with what was fetched of it before.
      const list = urls.map((url) => options.sources!.list.find((source) => feedKey(source.url) === feedKey(url)) ?? { url, name: null });
      report.dumps.push(...(await ingestSources(options.db, { ...options.sources, list }, options.now, report.dumpIds)));
    } else {
      for (const url of urls) report.dumps.push({ path: url, format: null, papers: 0, new: 0, skipped: null, error: `${url}: feeds are not fetched here — name a dump file`, cuts: [] });
    }
  }
  if (!explicit && options.sources) report.dumps.push(...(await ingestSources(options.db, options.sources, options.now, report.dumpIds)));
  for (const line of report.dumps) {
    report.papers += line.papers;
    report.new += line.new;
  }
  return report;
}

async function ingestOne(options: IngestOptions, path: string, shown: string, stableMs: number, dumpIds: number[]): Promise<DumpReport> {
  const line: DumpReport = { path: shown, format: null, papers: 0, new: 0, skipped: null, error: null, cuts: [] };
  let sha256: string | null = null;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new PaperboyError('PB_DUMP_NOT_FOUND', `${shown}: not a file — name a dump file`);
    const bytes = await readFile(path);
    sha256 = createHash('sha256').update(bytes).digest('hex');
    // A copy of a dump already ingested (a store and its folder copied
    // together, say) is skipped at once, however young: whatever is still to
    // come makes another dump, which the next ingest takes.
    if (await findDumpBySha(options.db, sha256)) return { ...line, skipped: 'already ingested' };
    // Compared with the wall clock, not `now`: modification times are real
    // time even when a run's clock is moved with --at.
    // A file named on the command line (stableMs 0) is never too young: its
    // mtime has fractions of a millisecond that Date.now() has not, so a
    // file written in the same millisecond would look as if from the future.
    // A young file is waited for, so that `cp dump dumps/ && paperboy run`
    // sends the dump's papers.
    const age = Date.now() - info.mtimeMs;
    if (stableMs > 0 && age < stableMs) await (options.sleep ?? delay)(stableMs - Math.max(0, age));
    // A writer may have appended since we looked, while we read or waited: then this copy is not the dump.
    const after = await stat(path);
    if (after.size !== bytes.length || after.mtimeMs !== info.mtimeMs) return { ...line, skipped: 'still being written' };
    const parsed = parseDump(bytes, { name: shown, now: options.now });
    const papers = parsed.papers.map((paper) => ({ ...paper, id: fingerprint(paper.title) }));
    const stored = await storeDump(options.db, { path, sha256, format: parsed.format, size: bytes.length }, papers, options.now);
    dumpIds.push(stored.dumpId);
    return { ...line, format: parsed.format, papers: stored.papers, new: stored.newPapers, cuts: parsed.cuts };
  } catch (error) {
    // Another process sharing the store ingested the same dump meanwhile.
    if (sha256 && (await findDumpBySha(options.db, sha256).catch(() => null))) return { ...line, skipped: 'already ingested' };
    return { ...line, error: describe(error, shown) };
  }
}

async function listDumps(dir: string, mayBeAbsent: boolean): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if (mayBeAbsent && (error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new PaperboyError('PB_DUMP_NOT_FOUND', `${dir}: cannot read the dumps folder (${(error as NodeJS.ErrnoException).code}) — create it or set dumps.dir in the config`, { cause: error });
  }
  const files: string[] = [];
  for (const name of names.sort()) {
    if (IN_PROGRESS.test(name)) continue;
    const path = join(dir, name);
    if ((await stat(path)).isFile()) files.push(path);
  }
  return files;
}

function describe(error: unknown, shown: string): string {
  if (isPaperboyError(error)) return error.message;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `${shown}: no such file — check the path`;
  if (code === 'EACCES') return `${shown}: permission denied — make the file readable`;
  return `${shown}: ${(error as Error).message}`;
}
