import { afterEach, describe, expect, it } from 'vitest';
import { SourceFetcher, type FetcherOptions } from '../../../src/ingest/index.js';
import { conditional, feedServer, type FeedServer } from '../../helpers/feed-server.js';

const servers: FeedServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(routes: Parameters<typeof feedServer>[0]): Promise<FeedServer> {
  const server = await feedServer(routes);
  servers.push(server);
  return server;
}

/** A fetcher whose waits are recorded, not spent. */
function fetcher(options: Partial<FetcherOptions> = {}) {
  const sleeps: number[] = [];
  let now = 1_000_000;
  const fetcher = new SourceFetcher({
    userAgent: 'paperboy/0.1.0 (+https://digest.example.org)',
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    now: () => now,
    ...options,
  });
  return { fetcher, sleeps, advance: (ms: number) => (now += ms) };
}

const NONE = { etag: null, lastModified: null };

describe('the source fetcher', () => {
  it('fetches with an honest User-Agent and keeps the validators; sent back, they get a 304', async () => {
    const server = await serve({ '/feed': conditional('<rss/>', 'application/rss+xml') });
    const { fetcher: f } = fetcher();
    const first = await f.fetch(server.url('/feed'), NONE);
    expect(first).toMatchObject({ kind: 'fetched', status: 200, validators: { etag: '"v1"', lastModified: 'Tue, 05 Nov 2024 05:00:00 GMT' } });
    expect(first.kind === 'fetched' && first.body.toString()).toBe('<rss/>');
    expect(server.requests[0].headers['user-agent']).toBe('paperboy/0.1.0 (+https://digest.example.org)');
    expect(server.requests[0].headers['if-none-match']).toBeUndefined();

    const second = await f.fetch(server.url('/feed'), first.kind === 'fetched' ? first.validators : NONE);
    expect(second).toEqual({ kind: 'not-modified', status: 304 });
    expect(server.requests[1].headers).toMatchObject({ 'if-none-match': '"v1"', 'if-modified-since': 'Tue, 05 Nov 2024 05:00:00 GMT' });
  });

  it('retries a 500 with growing backoff, then reports the URL and the status', async () => {
    const server = await serve({ '/broken': (_, response) => response.writeHead(500, { 'content-type': 'text/plain' }).end('oops') });
    const { fetcher: f, sleeps } = fetcher({ retries: 3, backoffMs: 1000 });
    const result = await f.fetch(server.url('/broken'), NONE);
    expect(result.kind).toBe('failed');
    if (result.kind !== 'failed') return;
    expect(result.status).toBe(500);
    expect(result.error.code).toBe('PB_SOURCE_FAILED');
    expect(result.error.message).toMatch(new RegExp(`^${server.url('/broken').replace(/[.]/g, '\\.')}: HTTP 500 Internal Server Error — `));
    expect(server.requests).toHaveLength(4);
    expect(sleeps).toEqual([1000, 2000, 4000]);
  });

  it('succeeds when a retry does, and waits as long as Retry-After asks', async () => {
    let calls = 0;
    const server = await serve({
      '/flaky': (_, response) => {
        if (++calls === 1) response.writeHead(503, { 'retry-after': '7' }).end();
        else response.writeHead(200, { 'content-type': 'application/json' }).end('[]');
      },
    });
    const { fetcher: f, sleeps } = fetcher({ backoffMs: 1000 });
    expect(await f.fetch(server.url('/flaky'), NONE)).toMatchObject({ kind: 'fetched', status: 200 });
    expect(sleeps).toEqual([7000]);
  });

  it('does not retry a 404: the URL is wrong, not the moment', async () => {
    const server = await serve({});
    const { fetcher: f, sleeps } = fetcher();
    expect(await f.fetch(server.url('/nothing'), NONE)).toMatchObject({ kind: 'failed', status: 404, error: { message: expect.stringContaining('HTTP 404 Not Found') } });
    expect(sleeps).toEqual([]);
  });

  it('gives up on a server that does not answer within the timeout', async () => {
    const server = await serve({ '/slow': () => undefined });
    const { fetcher: f, sleeps } = fetcher({ timeoutMs: 150, retries: 1, backoffMs: 1000 });
    const result = await f.fetch(server.url('/slow'), NONE);
    expect(result).toMatchObject({ kind: 'failed', status: null, error: { code: 'PB_SOURCE_FAILED', message: expect.stringContaining('no complete answer within 150 ms') } });
    // Retried once (the backoff before it), whether or not a loaded server had read the request by then.
    expect(sleeps).toEqual([1000]);
  });

  it('gives up on a body that stops half-way within the timeout', async () => {
    const server = await serve({ '/stalls': (_, response) => response.writeHead(200, { 'content-type': 'application/json' }).write('[{"paper":') });
    const { fetcher: f } = fetcher({ timeoutMs: 150, retries: 0 });
    expect(await f.fetch(server.url('/stalls'), NONE)).toMatchObject({ kind: 'failed', status: 200, error: { message: expect.stringContaining('no complete answer within 150 ms') } });
  });

  it('refuses an answer larger than the cap, announced or streamed, without retrying', async () => {
    const chunk = 'x'.repeat(64 * 1024);
    const server = await serve({
      '/announced': (_, response) => response.writeHead(200, { 'content-length': String(2 * 1024 * 1024) }).end('x'.repeat(2 * 1024 * 1024)),
      '/streamed': (_, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        for (let i = 0; i < 32; i++) response.write(chunk);
        response.end();
      },
    });
    const { fetcher: f, sleeps } = fetcher({ maxBytes: 1024 * 1024 });
    for (const path of ['/announced', '/streamed']) {
      expect(await f.fetch(server.url(path), NONE)).toMatchObject({ kind: 'failed', error: { message: expect.stringContaining('larger than 1048576 bytes') } });
    }
    expect(sleeps).toEqual([]);
    expect(server.requests).toHaveLength(2);
  });

  it('reports a refused connection, and tries again: the server may be restarting', async () => {
    const server = await serve({});
    const url = server.url('/gone');
    await server.close();
    servers.pop();
    const { fetcher: f, sleeps } = fetcher({ retries: 1, backoffMs: 1000 });
    expect(await f.fetch(url, NONE)).toMatchObject({ kind: 'failed', status: null, error: { message: expect.stringContaining('cannot connect (ECONNREFUSED)') } });
    expect(sleeps).toEqual([1000]);
  });

  it('does not retry what fails the same way every time: a redirect loop, a blocked port', async () => {
    const server = await serve({ '/loop': (_, response) => response.writeHead(302, { location: '/loop' }).end() });
    const { fetcher: f, sleeps } = fetcher({ retries: 3 });
    expect(await f.fetch(server.url('/loop'), NONE)).toMatchObject({ kind: 'failed', status: null, error: { message: expect.stringContaining('redirect count exceeded') } });
    expect(await f.fetch('http://127.0.0.1:25/feed', NONE)).toMatchObject({ kind: 'failed', status: null, error: { message: expect.stringContaining('bad port') } });
    expect(sleeps).toEqual([]);
    // Twenty redirects are followed, then the loop is given up: one fetch, not four.
    expect(server.requests.length).toBeLessThanOrEqual(21);
  });

  it('leaves at least the polite gap between two requests to the polite hosts, and none elsewhere', async () => {
    const server = await serve({ '/a': conditional('[]', 'application/json'), '/b': conditional('[]', 'application/json') });
    const { fetcher: f, sleeps, advance } = fetcher({ politeHosts: /^127\.0\.0\.1$/ });
    await f.fetch(server.url('/a'), NONE);
    advance(1200);
    await f.fetch(server.url('/b'), NONE);
    expect(sleeps).toEqual([1800]);
    advance(5000);
    await f.fetch(server.url('/a'), NONE);
    expect(sleeps).toEqual([1800]);

    const other = fetcher();
    await other.fetcher.fetch(server.url('/a'), NONE);
    await other.fetcher.fetch(server.url('/b'), NONE);
    expect(other.sleeps).toEqual([]);
  });
});
