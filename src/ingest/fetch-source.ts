import { PaperboyError } from '../errors.js';

/** What the last good fetch of a source answered, sent back to make the next one conditional. */
export interface Validators {
  etag: string | null;
  lastModified: string | null;
}

export type FetchResult =
  | { kind: 'fetched'; status: number; body: Buffer; validators: Validators }
  | { kind: 'not-modified'; status: 304 }
  /** `status` is the last HTTP answer, null when none came (timeout, refused, too large before headers). */
  | { kind: 'failed'; status: number | null; error: PaperboyError };

export interface FetcherOptions {
  /** `paperboy/0.1.0 (+https://digest.example.org)`: who is asking, and where to find them. */
  userAgent: string;
  /** For the whole request, body included. */
  timeoutMs?: number;
  maxBytes?: number;
  /** Attempts after the first, for timeouts, dropped connections, 429 and 5xx answers. */
  retries?: number;
  /** The wait before the first retry, doubled for each next one. */
  backoffMs?: number;
  /** The least time between two requests to the polite hosts (arXiv's API terms ask for 3 s). */
  politeGapMs?: number;
  /** Hosts that share that gap: arXiv's. */
  politeHosts?: RegExp;
  /** Milliseconds, as Date.now(); and a wait. Injected so that tests never wait. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const MAX_RETRY_AFTER_MS = 60_000;

export const FETCH_DEFAULTS = {
  timeoutMs: 30_000,
  maxBytes: 20 * 1024 * 1024,
  retries: 3,
  backoffMs: 2_000,
  politeGapMs: 3_000,
  // arXiv asks API clients for no more than one request every three seconds,
  // across its hosts (export.arxiv.org, rss.arxiv.org, arxiv.org).
  politeHosts: /(^|\.)arxiv\.org$/i,
};

/**
 * Fetches feeds over HTTP(S): conditional (If-None-Match, If-Modified-Since),
 * bounded in time and size, retried with backoff on failures that may pass,
 * and spaced out for hosts that ask for it. Never throws: a failure is a
 * result naming the URL and the reason.
 */
export class SourceFetcher {
  readonly #options: Required<FetcherOptions>;
  #lastPolite: number | null = null;

  constructor(options: FetcherOptions) {
    this.#options = {
      ...FETCH_DEFAULTS,
      now: Date.now,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      ...options,
    };
  }

  async fetch(url: string, validators: Validators): Promise<FetchResult> {
    const { retries, backoffMs } = this.#options;
    let last: FetchResult & { kind: 'failed' } = { kind: 'failed', status: null, error: failed(url, 'not fetched') };
    for (let attempt = 0; attempt <= retries; attempt++) {
      const outcome = await this.#attempt(url, validators);
      if (outcome.result.kind !== 'failed') return outcome.result;
      last = outcome.result;
      if (!outcome.retry || attempt === retries) break;
      await this.#options.sleep(Math.min(Math.max(backoffMs * 2 ** attempt, outcome.retryAfterMs ?? 0), MAX_RETRY_AFTER_MS));
    }
    return last;
  }

  async #attempt(url: string, validators: Validators): Promise<{ result: FetchResult; retry: boolean; retryAfterMs?: number }> {
    const { timeoutMs, maxBytes, userAgent } = this.#options;
    await this.#waitTurn(url);
    const headers: Record<string, string> = { 'user-agent': userAgent, accept: 'application/atom+xml, application/rss+xml, application/json;q=0.9, application/xml;q=0.8, */*;q=0.1' };
    if (validators.etag) headers['if-none-match'] = validators.etag;
    if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;
    const signal = AbortSignal.timeout(timeoutMs);
    let response: Response;
    try {
      response = await fetch(url, { headers, signal, redirect: 'follow' });
    } catch (error) {
      const failure = networkFailure(error, timeoutMs);
      return { result: { kind: 'failed', status: null, error: failed(url, failure.reason, error) }, retry: failure.mayPass };
    }
    if (response.status === 304) return { result: { kind: 'not-modified', status: 304 }, retry: false };
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      const retry = response.status === 429 || response.status >= 500;
      const reason = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
      return { result: { kind: 'failed', status: response.status, error: failed(url, reason) }, retry, retryAfterMs: retryAfter(response.headers.get('retry-after'), this.#options.now()) };
    }
    try {
      const body = await readCapped(response, maxBytes);
      if (body === null) {
        return { result: { kind: 'failed', status: response.status, error: failed(url, `the answer is larger than ${maxBytes} bytes`, undefined, 'is this URL the feed, and not a page or an archive?') }, retry: false };
      }
      const validatorsNow = { etag: response.headers.get('etag'), lastModified: response.headers.get('last-modified') };
      return { result: { kind: 'fetched', status: response.status, body, validators: validatorsNow }, retry: false };
    } catch (error) {
      // An answer that stopped half-way may come whole next time, whatever stopped it.
      return { result: { kind: 'failed', status: response.status, error: failed(url, networkFailure(error, timeoutMs).reason, error) }, retry: true };
    }
  }

  /** Waits until the host's last request is politeGapMs old, and books this one. */
  async #waitTurn(url: string): Promise<void> {
    if (!this.#options.politeHosts.test(new URL(url).hostname)) return;
    if (this.#lastPolite !== null) {
      const wait = this.#lastPolite + this.#options.politeGapMs - this.#options.now();
      if (wait > 0) await this.#options.sleep(wait);
    }
    this.#lastPolite = this.#options.now();
  }
}

/** The body, or null once it passes maxBytes (announced or counted): the rest is never read. */
async function readCapped(response: Response, maxBytes: number): Promise<Buffer | null> {
  const announced = Number(response.headers.get('content-length'));
  if (Number.isFinite(announced) && announced > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    return null;
  }
  if (response.body === null) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}

/**
 * Why a request got no answer, and whether trying again may help: a
 * timeout, or a failure of the network or the server (it has a system error
 * code: ECONNREFUSED, ECONNRESET, ENOTFOUND). A redirect loop, a blocked
 * port or a URL that fetch refuses fail the same way every time.
 */
function networkFailure(error: unknown, timeoutMs: number): { reason: string; mayPass: boolean } {
  const name = (error as Error).name;
  if (name === 'TimeoutError' || name === 'AbortError') return { reason: `no complete answer within ${timeoutMs} ms`, mayPass: true };
  const cause = (error as { cause?: { code?: unknown; message?: string } }).cause;
  if (typeof cause?.code === 'string') return { reason: `cannot connect (${cause.code})`, mayPass: true };
  return { reason: `cannot fetch (${cause?.message ?? (error as Error).message})`, mayPass: false };
}

/** Retry-After as seconds or an HTTP date, in milliseconds from now. */
function retryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function failed(url: string, reason: string, cause?: unknown, hint = 'check the URL in sources:; the next poll tries again'): PaperboyError {
  return new PaperboyError('PB_SOURCE_FAILED', `${url}: ${reason} — ${hint}`, cause === undefined ? {} : { cause });
}
