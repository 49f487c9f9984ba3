import { appendFileSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ingestDumps } from '../../../src/run/index.js';
import { countPapers, listPapers, openDatabase, type Db } from '../../../src/store/index.js';
import { copyDumps, FIXTURES, sampleDumpFiles, tempDir } from '../../helpers/temp.js';

const NOW = new Date('2026-11-24T10:00:00Z');
const open: Db[] = [];

async function store(dir: string): Promise<Db> {
  const db = await openDatabase(join(dir, 'data', 'paperboy.db'));
  open.push(db);
  return db;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((db) => db.destroy()));
});

async function snapshot(db: Db) {
  const papers = await db.selectFrom('papers').select(['id', 'title', 'abstract', 'upvotes', 'authors_count', 'published_at']).orderBy('id').execute();
  const links = await db.selectFrom('paper_dumps').innerJoin('dumps', 'dumps.id', 'paper_dumps.dump_id').select(['paper_id', 'dumps.sha256']).orderBy('paper_id').orderBy('dumps.sha256').execute();
  const dumps = await db.selectFrom('dumps').select(['sha256', 'papers', 'new_papers']).orderBy('sha256').execute();
  return { papers, links, dumps };
}

describe('ingest into a real SQLite file', () => {
  it('stores every sample paper once, and nothing new the second time', async () => {
    const dir = tempDir();
    const dumps = join(dir, 'dumps');
    mkdirSync(dumps);
    copyDumps(sampleDumpFiles(), dumps);
    const db = await store(dir);

    const first = await ingestDumps({ db, dir: dumps, now: NOW, cwd: dir });
    // 466 papers in the four dumps; 31 titles appear in more than one, 428 distinct
    // (counted independently with awk over the raw files).
    expect(first.dumps.map((d) => [d.path, d.format, d.papers, d.error])).toEqual([
      ['dumps/000_0c769479ae1c3d29.txt', 'blank-pairs', 54, null],
      ['dumps/001_dd7c9abcc611879b.txt', 'blank-pairs', 71, null],
      ['dumps/002_49ffcd98afca2fae.txt', 'metadata-pairs', 51, null],
      ['dumps/003_bc52bc08a6a3574b.txt', 'alternating', 290, null],
    ]);
    expect(first.papers).toBe(466);
    expect(first.new).toBe(428);
    expect(await countPapers(db)).toBe(428);

    const second = await ingestDumps({ db, dir: dumps, now: NOW, cwd: dir });
    expect(second.new).toBe(0);
    expect(second.dumps.every((d) => d.skipped === 'already ingested')).toBe(true);
    expect(await countPapers(db)).toBe(428);
  });

  it('a broken dump between two good ones leaves the store exactly as the good ones make it', async () => {
    const good = [join(FIXTURES, 'dumps/good-a.txt'), join(FIXTURES, 'dumps/good-b.txt')];
    const broken = join(FIXTURES, 'dumps/broken.txt');

    const cleanDir = tempDir();
    const clean = await store(cleanDir);
    const cleanReport = await ingestDumps({ db: clean, files: good, dir: cleanDir, now: NOW });
    expect(cleanReport.dumps.every((d) => d.error === null)).toBe(true);

    const mixedDir = tempDir();
    const mixed = await store(mixedDir);
    const report = await ingestDumps({ db: mixed, files: [good[0], broken, good[1]], dir: mixedDir, now: NOW });
    expect(report.dumps.map((d) => d.error === null)).toEqual([true, false, true]);
    expect(report.dumps[1].error).toMatch(/broken\.txt line \d+:/);

    expect(await snapshot(mixed)).toEqual(await snapshot(clean));
  });

  it('names a feed URL it has no fetcher for, beside the files it ingests', async () => {
    const dir = tempDir();
    const db = await store(dir);
    const report = await ingestDumps({ db, files: [join(FIXTURES, 'dumps/good-a.txt'), 'https://rss.arxiv.org/rss/cs.LG'], dir, now: NOW });
    expect(report.dumps.map((d) => d.error)).toEqual([null, 'https://rss.arxiv.org/rss/cs.LG: feeds are not fetched here — name a dump file']);
    expect(report.new).toBeGreaterThan(0);
  });

  it('merges a paper seen again: one row, metadata added by the later dump', async () => {
    const dir = tempDir();
    const db = await store(dir);
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.json');
    writeFileSync(a, JSON.stringify([{ title: 'Diffusion Models Beat GANs', abstract: 'We show that diffusion models beat GANs on image synthesis quality.' }]));
    writeFileSync(b, JSON.stringify([{ title: 'diffusion models  beat GANs!', abstract: 'Other text.', upvotes: 12, authors: 3 }]));
    await ingestDumps({ db, files: [a], dir, now: NOW });
    const report = await ingestDumps({ db, files: [b], dir, now: new Date('2026-11-25T10:00:00Z') });
    expect(report.new).toBe(0);
    const papers = await listPapers(db);
    expect(papers).toHaveLength(1);
    expect(papers[0]).toMatchObject({ title: 'Diffusion Models Beat GANs', upvotes: 12, authorsCount: 3, firstSeenAt: NOW.toISOString() });
  });

  it('completes an abstract that an earlier, cut-short copy of the dump left unfinished', async () => {
    const dir = tempDir();
    const db = await store(dir);
    const full = 'We show that diffusion models beat GANs on image synthesis quality, with a better architecture.';
    writeFileSync(join(dir, 'cut.jsonl'), JSON.stringify({ title: 'Diffusion Models Beat GANs', abstract: full.slice(0, 40) }));
    writeFileSync(join(dir, 'full.jsonl'), JSON.stringify({ title: 'Diffusion Models Beat GANs', abstract: full }));
    writeFileSync(join(dir, 'other.jsonl'), JSON.stringify({ title: 'Diffusion Models Beat GANs', abstract: `${full} And more that replaces nothing else.`.replace('We show', 'They show') }));
    await ingestDumps({ db, files: [join(dir, 'cut.jsonl')], dir, now: NOW });
    await ingestDumps({ db, files: [join(dir, 'full.jsonl')], dir, now: NOW });
    expect((await listPapers(db))[0].abstract).toBe(full);
    // A different text is not a continuation: the first abstract stays.
    await ingestDumps({ db, files: [join(dir, 'other.jsonl')], dir, now: NOW });
    expect((await listPapers(db))[0].abstract).toBe(full);
  });

  it('leaves a file that changes while the ingest waits for it for the next ingest', async () => {
    const dir = tempDir();
    const dumps = join(dir, 'dumps');
    mkdirSync(dumps);
    const file = join(dumps, 'fresh.json');
    writeFileSync(file, JSON.stringify([{ title: 'A title', abstract: 'An abstract long enough to be one.' }]));
    const db = await store(dir);
    // The writer is not done: more arrives while the ingest waits.
    const sleep = async () => appendFileSync(file, '\n');
    const report = await ingestDumps({ db, dir: dumps, now: new Date(), cwd: dir, sleep });
    expect(report.dumps).toEqual([{ path: 'dumps/fresh.json', format: null, papers: 0, new: 0, skipped: 'still being written', error: null, cuts: [] }]);
    expect(await countPapers(db)).toBe(0);
  });

  it('waits for a file copied in a moment ago and ingests it in the same pass when it did not change', async () => {
    const dir = tempDir();
    const dumps = join(dir, 'dumps');
    mkdirSync(dumps);
    writeFileSync(join(dumps, 'fresh.json'), JSON.stringify([{ title: 'A title', abstract: 'An abstract long enough to be one.' }]));
    const db = await store(dir);
    const waits: number[] = [];
    const sleep = async (ms: number) => void waits.push(ms);
    const report = await ingestDumps({ db, dir: dumps, now: new Date(), cwd: dir, sleep });
    expect(report.dumps).toMatchObject([{ path: 'dumps/fresh.json', format: 'json', papers: 1, new: 1, skipped: null, error: null }]);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(0);
    expect(waits[0]).toBeLessThanOrEqual(2000);
    expect(await countPapers(db)).toBe(1);
  });

  it('skips a copy of a dump already ingested at once, however young: a store copied with its folder starts sending without waiting', async () => {
    const dir = tempDir();
    const dumps = join(dir, 'dumps');
    mkdirSync(dumps);
    const text = JSON.stringify([{ title: 'A title', abstract: 'An abstract long enough to be one.' }]);
    writeFileSync(join(dir, 'first.json'), text);
    const db = await store(dir);
    await ingestDumps({ db, files: [join(dir, 'first.json')], dir, now: new Date() });
    writeFileSync(join(dumps, 'copy.json'), text);
    const waits: number[] = [];
    const report = await ingestDumps({ db, dir: dumps, now: new Date(), cwd: dir, sleep: async (ms) => void waits.push(ms) });
    expect(report.dumps).toEqual([{ path: 'dumps/copy.json', format: null, papers: 0, new: 0, skipped: 'already ingested', error: null, cuts: [] }]);
    expect(waits).toEqual([]);
  });

  it('ingests a file named on the command line however young, even stamped a moment ahead of the clock', async () => {
    const dir = tempDir();
    const file = join(dir, 'now.json');
    writeFileSync(file, JSON.stringify([{ title: 'A title', abstract: 'An abstract long enough to be one.' }]));
    // What a file written in the same millisecond looks like: its mtime has the fraction Date.now() lacks.
    const ahead = new Date(Date.now() + 1500);
    utimesSync(file, ahead, ahead);
    const db = await store(dir);
    const report = await ingestDumps({ db, files: [file], dir, now: new Date() });
    expect(report.dumps[0].skipped).toBeNull();
    expect(await countPapers(db)).toBe(1);
  });
});
