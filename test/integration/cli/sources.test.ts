import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli } from '../../helpers/cli.js';
import { conditional, feedServer, type FeedServer } from '../../helpers/feed-server.js';
import { arxivAtom, arxivRss, hfDailyPapers, type FeedPaper } from '../../helpers/feeds.js';
import { tempDir } from '../../helpers/temp.js';

const servers: FeedServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const noWait = async () => undefined;

const paper = (n: number, extra: Partial<FeedPaper> = {}): FeedPaper => ({
  arxivId: `2501.${String(30000 + n)}`,
  version: 1,
  title: `Feed paper ${n}: sparse mixtures of experts for ${['speech', 'vision', 'code', 'proteins', 'tables', 'graphs'][n % 6]}`,
  abstract: `We route tokens of kind ${n} to a few experts and show that the result is both faster and better than a dense model of the same size.`,
  authors: [`First ${n}`, `Second ${n}`, `Third ${n}`, `Fourth ${n}`].slice(0, 1 + (n % 4)),
  published: '2025-01-15',
  upvotes: n * 5,
  ...extra,
});

interface PaperJson {
  title: string;
  arxivId: string | null;
  authors: string[];
  url: string | null;
  upvotes: number | null;
}

describe('sources: feeds in the three formats, as a new user sets them up', () => {
  it('brings every paper once with its arXiv link and authors; a second poll is conditional and adds nothing; a broken source is reported and harms nothing', async () => {
    // API: 1–3; listing: 3–5 (3 again), 1 re-announced as v2, and an unknown paper re-announced; HF: 5–6 (5 again).
    const server = await feedServer({
      '/api/query': conditional(arxivAtom([paper(1), paper(2), paper(3)]), 'application/atom+xml'),
      '/rss/cs.LG': conditional(arxivRss([paper(3), paper(4, { announce: 'cross' }), paper(5), paper(1, { version: 2, announce: 'replace' }), paper(99, { version: 2, announce: 'replace-cross' })]), 'application/rss+xml', '"rss-1"'),
      '/api/daily_papers': conditional(hfDailyPapers([paper(5), paper(6)]), 'application/json', 'W/"hf-1"'),
      '/broken': (_, response) => response.writeHead(500, { 'content-type': 'text/html' }).end('<h1>oops</h1>'),
      '/login': (_, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<!DOCTYPE html><html><body>Sign in</body></html>'),
    });
    servers.push(server);
    const dir = tempDir('pb-sources-');
    expect((await cli(['init'], { cwd: dir })).code).toBe(0);
    const config = readFileSync(join(dir, 'paperboy.yaml'), 'utf8');
    expect(config).toMatch(/^# sources:\n#   - https:\/\/rss\.arxiv\.org\/rss\/cs\.LG$/m);
    const sources = `sources:
  - ${server.url('/api/query')}
  - url: ${server.url('/rss/cs.LG')}
    name: arXiv cs.LG
  - ${server.url('/api/daily_papers')}
  - ${server.url('/broken')}
  - ${server.url('/login')}
`;
    writeFileSync(join(dir, 'paperboy.yaml'), config.replace('# sources:\n', `${sources}# sources:\n`));

    const first = await cli(['ingest', '--json'], { cwd: dir, sleep: noWait });
    expect(first.code).toBe(1);
    const report = JSON.parse(first.stdout);
    expect(report.dumps.map((line: { path: string; format: string | null; papers: number; new: number }) => [line.path.replace(/^http:\/\/127\.0\.0\.1:\d+/, ''), line.format, line.papers, line.new])).toEqual([
      ['/api/query', 'arxiv-atom', 3, 3],
      ['/rss/cs.LG', 'arxiv-rss', 4, 2],
      ['/api/daily_papers', 'hf-daily-papers', 2, 1],
      ['/broken', null, 0, 0],
      ['/login', null, 0, 0],
    ]);
    expect(report.dumps[3].error).toBe(`${server.url('/broken')}: HTTP 500 Internal Server Error — check the URL in sources:; the next poll tries again`);
    expect(report.dumps[4].error).toMatch(new RegExp(`^${server.url('/login').replace(/\./g, '\\.')} line 1: an HTML page, not a feed`));
    expect(report.new).toBe(6);

    const papers = JSON.parse((await cli(['papers', '--json'], { cwd: dir })).stdout) as PaperJson[];
    expect(papers).toHaveLength(6);
    for (const stored of papers) {
      expect(stored.arxivId).toMatch(/^2501\.3000[1-6]$/);
      expect(stored.url).toBe(`https://arxiv.org/abs/${stored.arxivId}`);
      expect(stored.authors.length).toBeGreaterThan(0);
    }
    const five = papers.find((p) => p.arxivId === '2501.30005')!;
    expect(five).toMatchObject({ authors: paper(5).authors, upvotes: 25 });

    const second = await cli(['ingest', '--json'], { cwd: dir, sleep: noWait });
    const again = JSON.parse(second.stdout);
    expect(again.new).toBe(0);
    expect(again.dumps.slice(0, 3).map((line: { skipped: string | null }) => line.skipped)).toEqual(['not modified', 'not modified', 'not modified']);
    const conditionalRequests = server.requests.filter((request) => request.headers['if-none-match'] !== undefined).map((request) => [request.path, request.headers['if-none-match']]);
    expect(conditionalRequests).toEqual([
      ['/api/query', '"v1"'],
      ['/rss/cs.LG', '"rss-1"'],
      ['/api/daily_papers', 'W/"hf-1"'],
    ]);

    const listed = await cli(['sources', '--json'], { cwd: dir });
    expect(listed.code).toBe(0);
    const lines = JSON.parse(listed.stdout);
    expect(Object.keys(lines[0])).toEqual(['url', 'name', 'lastFetchAt', 'status', 'papers', 'new', 'error']);
    expect(lines.map((line: { name: string | null; status: number | null; error: string | null }) => [line.name, line.status, line.error === null])).toEqual([
      [null, 304, true],
      ['arXiv cs.LG', 304, true],
      [null, 304, true],
      [null, 500, false],
      [null, 200, false],
    ]);
    const text = await cli(['sources'], { cwd: dir });
    expect(text.stdout).toMatch(/^✓ arXiv cs\.LG \(http:\/\/127\.0\.0\.1:\d+\/rss\/cs\.LG\): .*, HTTP 304, 0 papers \(0 new\)$/m);
    expect(text.stdout).toMatch(/^✗ http:\/\/127\.0\.0\.1:\d+\/broken: .*, HTTP 500: /m);
  });

  it('names a source URL that is not http(s) as a config error', async () => {
    const dir = tempDir('pb-sources-');
    mkdirSync(join(dir, 'dumps'));
    writeFileSync(join(dir, 'paperboy.yaml'), 'sources:\n  - https://rss.arxiv.org/rss/cs.LG\n  - ftp://example.org/feed\n');
    const result = await cli(['sources'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/paperboy\.yaml line 3: sources\.1: must be an http:\/\/ or https:\/\/ URL of a feed/);
  });

  it('needs no dumps folder when sources feed it', async () => {
    const server = await feedServer({ '/api/daily_papers': conditional(hfDailyPapers([paper(7)]), 'application/json') });
    servers.push(server);
    const dir = tempDir('pb-sources-');
    writeFileSync(join(dir, 'paperboy.yaml'), `sources:\n  - ${server.url('/api/daily_papers')}\n`);
    const result = await cli(['ingest', '--json'], { cwd: dir, sleep: noWait });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ papers: 1, new: 1 });
  });

  it('fetches a feed URL named on the command line once, to try it before it goes in sources:', async () => {
    const server = await feedServer({
      '/api/daily_papers': conditional(hfDailyPapers([paper(8), paper(9)]), 'application/json'),
      '/papers': (_, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<!DOCTYPE html><html><body>Daily Papers</body></html>'),
    });
    servers.push(server);
    const dir = tempDir('pb-sources-');
    writeFileSync(join(dir, 'paperboy.yaml'), 'dumps:\n  dir: ./dumps\n');
    const tried = await cli(['ingest', server.url('/api/daily_papers'), '--json'], { cwd: dir, sleep: noWait });
    expect(tried.code).toBe(0);
    expect(JSON.parse(tried.stdout)).toMatchObject({ papers: 2, new: 2, dumps: [{ path: server.url('/api/daily_papers'), format: 'hf-daily-papers', new: 2 }] });
    const wrong = await cli(['ingest', server.url('/papers')], { cwd: dir, sleep: noWait });
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toMatch(/✗ http:\/\/127\.0\.0\.1:\d+\/papers line 1: an HTML page, not a feed/);
    // Nothing was added to the configuration.
    expect((await cli(['sources'], { cwd: dir })).stdout).toMatch(/No sources configured/);
  });

  it('fetches a feed that is already a source, named in another spelling, as that source', async () => {
    const server = await feedServer({ '/api/daily_papers': conditional(hfDailyPapers([paper(8), paper(9)]), 'application/json') });
    servers.push(server);
    const dir = tempDir('pb-sources-');
    writeFileSync(join(dir, 'paperboy.yaml'), `dumps:\n  dir: ./dumps\nsources:\n  - url: ${server.url('/api/daily_papers')}\n    name: HF daily\n`);
    const spelled = server.url('/api/daily_papers').replace(/^http:/, 'HTTP:');
    const tried = await cli(['ingest', spelled, '--json'], { cwd: dir, sleep: noWait });
    expect(tried.code).toBe(0);
    expect(JSON.parse(tried.stdout)).toMatchObject({ new: 2, dumps: [{ path: server.url('/api/daily_papers') }] });
    // The configured source has that fetch as its last, not a second source under the other spelling.
    const listed = JSON.parse((await cli(['sources', '--json'], { cwd: dir })).stdout) as { url: string; status: number | null }[];
    expect(listed).toEqual([expect.objectContaining({ url: server.url('/api/daily_papers'), status: 200 })]);
  });

  it('says when no source is configured', async () => {
    const dir = tempDir('pb-sources-');
    writeFileSync(join(dir, 'paperboy.yaml'), 'dumps:\n  dir: ./dumps\n');
    expect((await cli(['sources'], { cwd: dir })).stdout).toMatch(/No sources configured/);
  });
});
