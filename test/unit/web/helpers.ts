// A real web server over a real in-memory store, a real renderer and a real
// file outbox; requests go through fastify.inject.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { simpleParser } from 'mailparser';
import { composeApp, type App, type Clock } from '../../../src/app.js';
import { resolveConfig } from '../../../src/config/index.js';
import { FileTransport } from '../../../src/deliver/index.js';
import { fingerprint } from '../../../src/ingest/index.js';
import { createRenderer, type Renderer } from '../../../src/render/index.js';
import { openDatabase, storeDump, type Db } from '../../../src/store/index.js';
import type { ParsedPaper } from '../../../src/types.js';
import { createWebServer, type WebLimits } from '../../../src/web/index.js';
import { tempDir } from '../../helpers/temp.js';

export const SECRET = 'web-test-secret-0123456789abcdef';
export const PUBLIC_URL = 'https://papers.example.org';
export const FROM = 'Paperboy <digest@example.org>';

let renderer: Promise<Renderer> | undefined;

/** One renderer per test file: compiling the MJML templates takes a few seconds. */
export function sharedRenderer(): Promise<Renderer> {
  renderer ??= createRenderer({ publicUrl: PUBLIC_URL, from: FROM, secret: SECRET });
  return renderer;
}

export class TestClock implements Clock {
  #now: Date;
  constructor(iso: string) {
    this.#now = new Date(iso);
  }
  now(): Date {
    return new Date(this.#now);
  }
  set(iso: string): void {
    this.#now = new Date(iso);
  }
  advance(ms: number): void {
    this.#now = new Date(this.#now.getTime() + ms);
  }
}

export interface WebFixture {
  app: App;
  db: Db;
  server: FastifyInstance;
  clock: TestClock;
  outbox: string;
  close(): Promise<void>;
}

export async function webFixture(options: { limits?: Partial<WebLimits>; now?: string } = {}): Promise<WebFixture> {
  const dir = tempDir('pb-web-');
  const outbox = join(dir, 'outbox');
  const config = resolveConfig(
    { web: { publicUrl: PUBLIC_URL }, delivery: { transport: `file:${outbox}`, from: FROM } },
    { source: null, baseDir: dir, env: {} },
  );
  const db = await openDatabase(':memory:');
  const clock = new TestClock(options.now ?? '2026-11-24T10:00:00Z');
  const app: App = composeApp(config, db, { clock });
  const server = await createWebServer({ app, renderer: await sharedRenderer(), transport: new FileTransport({ dir: outbox }), secret: SECRET, limits: options.limits });
  return {
    app,
    db,
    server,
    clock,
    outbox,
    async close() {
      await server.close();
      await db.destroy();
    },
  };
}

/** Hand-made papers, stored as one dump ingested at `now`. */
export async function addPapers(db: Db, papers: Partial<ParsedPaper>[], now: Date, sha = `sha-${now.toISOString()}`): Promise<string[]> {
  const parsed = papers.map((paper, i) => {
    const full: ParsedPaper = { title: `Paper ${i}`, abstract: 'An abstract.', authorsCount: null, authors: [], publishedAt: null, upvotes: null, url: null, arxivId: null, line: i * 3 + 1, ...paper };
    return { ...full, id: fingerprint(full.title) };
  });
  await storeDump(db, { path: `dumps/${sha}.txt`, sha256: sha, format: 'blank-pairs', size: 100 }, parsed, now);
  return parsed.map((paper) => paper.id);
}

export const PAPERS: Partial<ParsedPaper>[] = [
  { title: 'Fast Diffusion Models for Image Synthesis', abstract: 'We speed up diffusion model sampling tenfold without loss of quality.', upvotes: 40, authorsCount: 5, publishedAt: '2026-11-23', url: 'https://arxiv.org/abs/2611.00001' },
  { title: 'Speculative Decoding at Scale', abstract: 'Speculative decoding makes large language model inference faster.', upvotes: 25 },
  { title: 'Audio Diffusion for Speech', abstract: 'A diffusion model for audio generation and speech.', upvotes: 10 },
  { title: 'Graph Neural Networks Revisited', abstract: 'Message passing on graphs, revisited with care.', upvotes: 3 },
];

/** A GET of a page with a form: its CSRF field and the cookie that goes with it. */
export async function formPage(server: FastifyInstance, url: string): Promise<{ response: LightMyRequestResponse; csrf: string; cookie: string }> {
  const response = await server.inject({ method: 'GET', url });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1] ?? '';
  const setCookie = response.headers['set-cookie'];
  const cookie = (Array.isArray(setCookie) ? setCookie : [setCookie ?? ''])
    .map((line) => String(line).split(';')[0])
    .filter(Boolean)
    .join('; ');
  return { response, csrf, cookie };
}

export function postForm(server: FastifyInstance, url: string, fields: Record<string, string>, cookie = '', remoteAddress = '127.0.0.1'): Promise<LightMyRequestResponse> {
  return server.inject({
    method: 'POST',
    url,
    remoteAddress,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
    payload: new URLSearchParams(fields).toString(),
  });
}

/** Fills and posts the subscribe form as a browser would. */
export async function subscribe(server: FastifyInstance, fields: Record<string, string>, remoteAddress?: string): Promise<LightMyRequestResponse> {
  const { csrf, cookie } = await formPage(server, '/subscribe');
  return postForm(server, '/subscribe', { frequency: 'daily', timezone: 'Europe/London', ...fields, _csrf: csrf }, cookie, remoteAddress);
}

export interface SentMail {
  to: string;
  subject: string;
  text: string;
  file: string;
}

/** The messages in the file outbox, in the order they were written. */
export async function sentMail(outbox: string): Promise<SentMail[]> {
  let files: string[];
  try {
    files = readdirSync(outbox).filter((name) => name.endsWith('.eml'));
  } catch {
    return [];
  }
  const mails = await Promise.all(
    files.map(async (file) => {
      const parsed = await simpleParser(readFileSync(join(outbox, file)));
      return { to: parsed.to && !Array.isArray(parsed.to) ? parsed.to.text : '', subject: parsed.subject ?? '', text: parsed.text ?? '', file, written: statSync(join(outbox, file)).mtimeMs };
    }),
  );
  return mails.sort((a, b) => a.written - b.written).map(({ written: _written, ...mail }) => mail);
}

/** The path and query of the confirmation link in a message: `/confirm?token=…`. */
export function confirmPath(mail: SentMail): string {
  const url = /https?:\/\/\S+\/confirm\?token=[A-Za-z0-9_.-]+/.exec(mail.text)?.[0];
  if (!url) throw new Error(`no confirmation link in ${mail.file}`);
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
}

/**
 * Follows a confirmation link as a browser does: GET shows the page (and
 * changes nothing), whose script or button POSTs it with its CSRF token.
 */
export async function confirmAt(server: FastifyInstance, path: string): Promise<LightMyRequestResponse> {
  const { response, csrf, cookie } = await formPage(server, path);
  if (response.statusCode !== 200) return response;
  return postForm(server, path, { _csrf: csrf }, cookie);
}

/** The first href in a page that starts with `prefix`, entities decoded (Handlebars writes `=` as `&#x3D;`). */
export function linkIn(body: string, prefix: string): string {
  for (const match of body.matchAll(/(?:href|action)="([^"]+)"/g)) {
    const href = decodeEntities(match[1]);
    if (href.startsWith(prefix)) return href;
  }
  throw new Error(`no link starting with ${prefix}`);
}

export function decodeEntities(text: string): string {
  return text.replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16))).replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** The <main> of a page, for readable assertions. */
export function mainOf(body: string): string {
  return /<main[\s\S]*?<\/main>/.exec(body)?.[0] ?? '';
}

/** Every row a web request could change, to assert that a GET changed none. */
export async function storeSnapshot(db: Db) {
  return {
    subscribers: await db.selectFrom('subscribers').selectAll().orderBy('id').execute(),
    topics: await db.selectFrom('topics').selectAll().orderBy('subscriber_id').orderBy('position').execute(),
    requests: await db.selectFrom('subscription_requests').selectAll().orderBy('subscriber_id').execute(),
    feedback: await db.selectFrom('feedback').selectAll().orderBy('subscriber_id').orderBy('paper_id').execute(),
    editions: await db.selectFrom('editions').selectAll().orderBy('id').execute(),
  };
}

/** Subscribes through the form and follows the confirmation link: an active subscriber, and the page the link showed. */
export async function activeSubscriber(fixture: WebFixture, email: string, topics: string, remoteAddress = '10.9.9.9'): Promise<{ id: number; confirmed: string }> {
  const before = (await sentMail(fixture.outbox)).length;
  const response = await subscribe(fixture.server, { email, topics }, remoteAddress);
  if (response.statusCode !== 200) throw new Error(`subscribe answered ${response.statusCode}`);
  const mails = await sentMail(fixture.outbox);
  const confirmed = await confirmAt(fixture.server, confirmPath(mails[before]));
  const row = await fixture.db.selectFrom('subscribers').select(['id', 'status']).where('email', '=', email).executeTakeFirstOrThrow();
  if (row.status !== 'active') throw new Error(`${email} is ${row.status} after confirming`);
  return { id: row.id, confirmed: confirmed.body };
}
