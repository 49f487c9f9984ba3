import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fingerprint, parseDump } from '../../../src/ingest/index.js';
import { listPapers, openDatabase, storeDump, type Db } from '../../../src/store/index.js';
import { arxivAtom, arxivRss, hfDailyPapers, type FeedPaper } from '../../helpers/feeds.js';
import { oldStore } from '../../helpers/old-store.js';
import { tempDir } from '../../helpers/temp.js';

const NOW = new Date('2026-11-24T10:00:00Z');
const open: Db[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((db) => db.destroy()));
});

async function store(path = join(tempDir(), 'paperboy.db')): Promise<Db> {
  const db = await openDatabase(path);
  open.push(db);
  return db;
}

let dumps = 0;
/** Through prepared statements, or (on a second Kysely instance of the connection, which has no direct handle) through Kysely. */
let via: 'prepared' | 'kysely' = 'prepared';
async function ingest(db: Db, text: string, at = NOW) {
  const { format, papers } = parseDump(text, { name: 'feed', now: at, feed: true });
  const parsed = papers.map((paper) => ({ ...paper, id: fingerprint(paper.title) }));
  return storeDump(via === 'kysely' ? db.withoutPlugins() : db, { path: `https://feeds.example.org/${++dumps}`, sha256: `sha-${dumps}`, format, size: text.length }, parsed, at);
}

const paper = (n: number, extra: Partial<FeedPaper> = {}): FeedPaper => ({
  arxivId: `2412.0${1000 + n}`,
  version: 1,
  title: `A study of widget number ${n}`,
  abstract: `We study widget ${n} at length and find it works.`,
  authors: [`Author ${n}a`, `Author ${n}b`],
  published: '2024-12-02',
  upvotes: 10 + n,
  ...extra,
});

describe.each(['prepared', 'kysely'] as const)('an arXiv id identifies a paper across sources (%s)', (path) => {
  beforeEach(() => {
    via = path;
  });

  it('merges the Hugging Face item and the arXiv entry of one paper: upvotes from one, authors from the other', async () => {
    const db = await store();
    // Hugging Face shortens the title: the fingerprint alone would keep two papers.
    const hf = paper(1, { title: 'Widget 1', authors: [] });
    expect(await ingest(db, hfDailyPapers([hf]))).toMatchObject({ papers: 1, newPapers: 1 });
    expect(await ingest(db, arxivAtom([paper(1)]))).toMatchObject({ papers: 1, newPapers: 0 });
    const [stored] = await listPapers(db);
    expect(stored).toMatchObject({ arxivId: '2412.01001', upvotes: 11, authors: ['Author 1a', 'Author 1b'], authorsCount: 2 });
    // The arXiv version is the authority on title and abstract.
    expect(stored.title).toBe('A study of widget number 1');
  });

  it('updates a paper from a re-announced version and adds none for an unknown one', async () => {
    const db = await store();
    await ingest(db, arxivRss([paper(1), paper(2, { announce: 'cross' })]));
    const replaced = paper(1, { version: 2, announce: 'replace', title: 'A study of widget number 1, revised', abstract: 'Revised: widget 1 works better.' });
    const unknown = paper(3, { version: 4, announce: 'replace-cross' });
    const second = await ingest(db, arxivRss([replaced, unknown]));
    expect(second).toMatchObject({ papers: 1, newPapers: 0 });
    const papers = await listPapers(db);
    expect(papers.map((p) => p.arxivId).sort()).toEqual(['2412.01001', '2412.01002']);
    expect(papers.find((p) => p.arxivId === '2412.01001')).toMatchObject({ title: replaced.title, abstract: replaced.abstract });
    // An older version seen later changes nothing.
    await ingest(db, arxivAtom([paper(1)]));
    expect((await listPapers(db)).find((p) => p.arxivId === '2412.01001')?.title).toBe(replaced.title);
  });

  it('keeps two papers of one title apart when their arXiv ids differ', async () => {
    const db = await store();
    await ingest(db, arxivAtom([paper(1, { title: 'Attention is all you need' })]));
    const second = await ingest(db, arxivAtom([paper(2, { title: 'Attention Is All You Need' })]));
    expect(second.newPapers).toBe(1);
    expect((await listPapers(db)).map((p) => p.arxivId).sort()).toEqual(['2412.01001', '2412.01002']);
  });

  it('gives a text dump paper its arXiv id, link and authors when a feed brings the same title', async () => {
    const db = await store();
    await ingest(db, 'A study of widget number 5\n\nWe study widget 5 at length and find it works, in a text dump.\n');
    expect(await ingest(db, arxivAtom([paper(5)]))).toMatchObject({ newPapers: 0 });
    expect(await listPapers(db)).toMatchObject([{ arxivId: '2412.01005', url: 'https://arxiv.org/abs/2412.01005', authors: ['Author 5a', 'Author 5b'] }]);
  });
});

describe('migration 011-sources', () => {
  beforeEach(() => {
    via = 'prepared';
  });

  it('strips the version from stored arXiv ids, keeps it apart, and lets the stored paper be found by id', async () => {
    const path = join(tempDir(), 'old.db');
    await oldStore(
      path,
      '008-sent-window',
      `insert into papers (id, title, abstract, arxiv_id, first_seen_at, updated_at) values
         ('p1', 'Old paper', 'Old abstract.', '2306.99999v3', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
         ('p2', 'Other', 'Other abstract.', 'solv-int/9901001', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`,
    );
    const db = await store(path);
    const rows = await db.selectFrom('papers').select(['id', 'arxiv_id', 'arxiv_version', 'authors']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: 'p1', arxiv_id: '2306.99999', arxiv_version: 3, authors: null },
      { id: 'p2', arxiv_id: 'solv-int/9901001', arxiv_version: null, authors: null },
    ]);
    const added = await ingest(db, hfDailyPapers([paper(0, { arxivId: '2306.99999', title: 'Old paper, as HF titles it' })]));
    expect(added.newPapers).toBe(0);
    expect((await listPapers(db)).find((p) => p.id === 'p1')).toMatchObject({ upvotes: 10, authors: ['Author 0a', 'Author 0b'], title: 'Old paper' });
  });
});
