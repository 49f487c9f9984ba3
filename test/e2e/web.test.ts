// The reader's whole journey in real Chromium against a real server on a
// real port: subscribe through the form, confirm from the file outbox, edit
// preferences with the live preview, vote, browse the archive, read the feed,
// unsubscribe with the button. Screenshots of every page, on a phone and a
// desktop, light and dark, go to test-artifacts/web/.

import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { simpleParser } from 'mailparser';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeApp, type App } from '../../src/app.js';
import { resolveConfig } from '../../src/config/index.js';
import { FileTransport } from '../../src/deliver/index.js';
import { ingestDumps } from '../../src/run/index.js';
import { createRenderer } from '../../src/render/index.js';
import { findSubscriberByEmail, listPapers, openDatabase, votesOf, type Db } from '../../src/store/index.js';
import { createWebServer, signToken } from '../../src/web/index.js';
import { launchChromium, shot, VARIANTS } from '../helpers/chromium.js';
import { ROOT, SAMPLE_DUMPS, tempDir } from '../helpers/temp.js';

const SECRET = 'e2e-secret-0123456789abcdef0123';
const ARTIFACTS = join(ROOT, 'test-artifacts/web');

let db: Db;
let server: FastifyInstance;
let browser: Browser;
let base: string;
let outbox: string;

beforeAll(async () => {
  const dir = tempDir('pb-e2e-web-');
  outbox = join(dir, 'outbox');
  // The real address is known only once the server listens: links in emails are re-based onto it below.
  const config = resolveConfig({ web: { publicUrl: 'http://paperboy.invalid' }, delivery: { transport: `file:${outbox}` } }, { source: null, baseDir: dir, env: {} });
  db = await openDatabase(join(dir, 'data', 'paperboy.db'));
  // Two sample dumps, a day apart, so the archive has two days.
  const dump = (prefix: string) => readdirSync(SAMPLE_DUMPS).filter((name) => name.startsWith(prefix)).map((name) => join(SAMPLE_DUMPS, name));
  await ingestDumps({ db, dir: SAMPLE_DUMPS, files: dump('000_'), now: new Date(Date.now() - 86_400_000), cwd: dir });
  await ingestDumps({ db, dir: SAMPLE_DUMPS, files: dump('002_'), now: new Date(), cwd: dir });
  const app: App = composeApp(config, db);
  const renderer = await createRenderer({ publicUrl: config.web.publicUrl, from: config.delivery.from, secret: SECRET });
  server = await createWebServer({ app, renderer, transport: new FileTransport({ dir: outbox }), secret: SECRET });
  await server.listen({ port: 0, host: '127.0.0.1' });
  const address = server.server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  browser = await launchChromium();
  mkdirSync(ARTIFACTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await db?.destroy();
});

/** The confirmation link of the newest message to `email`, moved onto the test server. */
async function confirmationLink(email: string): Promise<string> {
  const messages = await Promise.all(readdirSync(outbox).filter((name) => name.endsWith('.eml')).map((name) => simpleParser(readFileSync(join(outbox, name)))));
  const mine = messages.filter((message) => !Array.isArray(message.to) && message.to?.text === email);
  expect(mine).toHaveLength(1);
  const link = /https?:\/\/\S+\/confirm\?token=[\w.-]+/.exec(mine[0].text ?? '')?.[0];
  expect(link).toBeDefined();
  const url = new URL(link!);
  return `${base}${url.pathname}${url.search}`;
}

describe('the web pages in Chromium', () => {
  for (const variant of VARIANTS) {
    it(`subscribe → confirm → preferences with live preview → vote → archive → feed → unsubscribe (${variant.name})`, async () => {
      const context = await browser.newContext({
        viewport: { width: variant.width, height: variant.height },
        colorScheme: variant.colorScheme,
        timezoneId: 'Europe/Berlin',
        deviceScaleFactor: variant.width < 500 ? 2 : 1,
      });
      const page = await context.newPage();
      const problems: string[] = [];
      // Script errors, CSP refusals, and sub-resources that failed; the 4xx pages this flow opens on purpose are documents.
      page.on('console', (message) => {
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('response', (response) => {
        if (response.status() >= 400 && response.request().resourceType() !== 'document') problems.push(`${response.status()} ${response.url()}`);
      });
      const email = `reader-${variant.name}@example.org`;

      // Subscribe: the script fills the time zone in from the browser.
      await page.goto(`${base}/subscribe`);
      await expect.poll(() => page.inputValue('input[name=timezone]')).toBe('Europe/Berlin');
      await shot(page, ARTIFACTS, variant.name, 'subscribe');

      // A broken topic comes back next to its field, with the column.
      await page.fill('input[name=email]', email);
      await page.fill('textarea[name=topics]', 'diffusion\n"large language');
      await page.click('button[type=submit]');
      await expect.poll(() => page.textContent('#topics-error')).toContain('Line 2, column 1:');
      // The page's script moves focus to the summary once the page has loaded: wait for it rather than read it at once.
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('error-summary');
      expect(await page.inputValue('textarea[name=topics]')).toBe('diffusion\n"large language');
      await shot(page, ARTIFACTS, variant.name, 'subscribe-error');

      await page.fill('textarea[name=topics]', 'Diffusion: diffusion -audio\n"language model"');
      await page.selectOption('select[name=frequency]', 'weekly');
      await page.click('button[type=submit]');
      await expect.poll(() => page.textContent('h1')).toBe('Check your inbox');
      await shot(page, ARTIFACTS, variant.name, 'check-inbox');
      expect((await findSubscriberByEmail(db, email))?.status).toBe('pending');

      // Confirm from the email in the file outbox: the page's script posts the confirmation at once.
      await page.goto(await confirmationLink(email));
      await page.waitForSelector('h1:has-text("You are subscribed")');
      expect(await findSubscriberByEmail(db, email)).toMatchObject({ status: 'active', frequency: 'weekly', timezone: 'Europe/Berlin' });
      await shot(page, ARTIFACTS, variant.name, 'confirmed');

      // Preferences: the preview shows what the topics match, matched words bold.
      await page.click('text=Change your preferences');
      await page.waitForSelector('#preview-body .paper');
      expect((await page.$$eval('#preview-body .paper-title strong', (nodes) => nodes.map((node) => node.textContent?.toLowerCase()))).join(' ')).toMatch(/diffusion|language model/);
      await shot(page, ARTIFACTS, variant.name, 'preferences');

      // Typing another topic changes the preview, without a page load.
      const before = await page.textContent('.preview-summary');
      await page.fill('textarea[name=topics]', '');
      await page.type('textarea[name=topics]', 'Agents: agent*');
      await expect.poll(() => page.textContent('.preview-summary'), { timeout: 10_000 }).not.toBe(before);
      await page.waitForSelector('#preview-body .paper');
      const marked = await page.$$eval('#preview-body strong', (nodes) => nodes.map((node) => node.textContent?.toLowerCase() ?? ''));
      expect(marked.some((word) => word.startsWith('agent'))).toBe(true);
      await shot(page, ARTIFACTS, variant.name, 'preferences-preview');

      // A broken query shows its column in the preview.
      await page.type('textarea[name=topics]', '\n(reasoning OR');
      await expect.poll(() => page.textContent('#preview-body'), { timeout: 10_000 }).toContain('Line 2, column');
      await shot(page, ARTIFACTS, variant.name, 'preferences-preview-error');
      await page.fill('textarea[name=topics]', 'Agents: agent*');

      // Saving updates the store and says so.
      await page.selectOption('select[name=sendHour]', '6');
      await page.click('button:has-text("Save preferences")');
      await page.waitForSelector('.alert-success');
      expect(await findSubscriberByEmail(db, email)).toMatchObject({ sendHour: 6, topics: [{ name: 'Agents', query: 'agent*' }] });
      await shot(page, ARTIFACTS, variant.name, 'preferences-saved');
      const preferencesUrl = page.url();

      // 👍 from a digest: the page sends the vote by itself.
      const subscriber = (await findSubscriberByEmail(db, email))!;
      const [paper] = await listPapers(db, { limit: 1 });
      await page.goto(`${base}/feedback?token=${signToken(SECRET, { purpose: 'feedback', subscriberId: subscriber.id, expiresAt: null })}&paper=${encodeURIComponent(paper.id)}&vote=up`);
      await page.waitForSelector('text=Thanks — noted');
      expect(await votesOf(db, subscriber.id)).toEqual(new Map([[paper.id, 'up']]));
      await shot(page, ARTIFACTS, variant.name, 'feedback');

      // The archive: days, then one day's papers; no subscriber anywhere.
      await page.goto(`${base}/archive`);
      await shot(page, ARTIFACTS, variant.name, 'archive');
      await page.click('.days a >> nth=0');
      await page.waitForSelector('.paper');
      expect(await page.content()).not.toContain('@example.org');
      await shot(page, ARTIFACTS, variant.name, 'archive-day', false);

      // The Atom feed parses as XML in the browser's own parser.
      await page.goto(preferencesUrl);
      const feedUrl = await page.getAttribute('a:has-text("Atom feed")', 'href');
      const feed = await page.evaluate(async (url) => {
        const text = await (await fetch(url)).text();
        const xml = new DOMParser().parseFromString(text, 'application/xml');
        return { error: xml.querySelector('parsererror')?.textContent ?? null, root: xml.documentElement.namespaceURI, entries: xml.getElementsByTagName('entry').length };
      }, feedUrl!);
      expect(feed).toMatchObject({ error: null, root: 'http://www.w3.org/2005/Atom' });
      expect(feed.entries).toBeGreaterThan(0);

      // Unsubscribe: the link shows a button; the button unsubscribes.
      await page.click('text=Unsubscribe');
      await page.waitForSelector('button:has-text("Unsubscribe")');
      expect((await findSubscriberByEmail(db, email))?.status).toBe('active');
      await shot(page, ARTIFACTS, variant.name, 'unsubscribe');
      await page.click('button:has-text("Unsubscribe")');
      await expect.poll(() => page.textContent('h1')).toBe('You are unsubscribed');
      expect((await findSubscriberByEmail(db, email))?.status).toBe('unsubscribed');
      await shot(page, ARTIFACTS, variant.name, 'unsubscribed');

      // A tampered link gets a clear page.
      await page.goto(`${base}/preferences?token=tampered.token`);
      expect(await page.textContent('h1')).toBe('This link does not work');
      await shot(page, ARTIFACTS, variant.name, 'problem');

      // No CSP refusal, no script error, no failed sub-resource on any page.
      expect(problems).toEqual([]);
      await context.close();
    });
  }
});
