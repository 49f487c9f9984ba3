// What votes teach, in real Chromium against a real server: one click on a
// 👍/👎 link records the vote, the preferences page shows what was learned
// and undoes it, a new reader names papers they like, and a digest with
// "Also for you" renders. Screenshots (phone and desktop, light and dark) go
// to test-artifacts/learning/.

import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeApp, type App } from '../../src/app.js';
import { resolveConfig } from '../../src/config/index.js';
import { FileTransport } from '../../src/deliver/index.js';
import { ingestDumps } from '../../src/run/index.js';
import { createRenderer, type Renderer } from '../../src/render/index.js';
import { previewDigest } from '../../src/run/index.js';
import { findSubscriberByEmail, listPapers, openDatabase, readerModelsOf, upsertSubscribers, votesOf, type Db } from '../../src/store/index.js';
import { createWebServer, signToken } from '../../src/web/index.js';
import { launchChromium, shot, VARIANTS } from '../helpers/chromium.js';
import { ROOT, SAMPLE_DUMPS, tempDir } from '../helpers/temp.js';

const SECRET = 'e2e-secret-0123456789abcdef0123';
const ARTIFACTS = join(ROOT, 'test-artifacts/learning');

let app: App;
let db: Db;
let server: FastifyInstance;
let renderer: Renderer;
let browser: Browser;
let base: string;

beforeAll(async () => {
  const dir = tempDir('pb-e2e-learn-');
  const config = resolveConfig({ web: { publicUrl: 'http://paperboy.invalid' }, delivery: { transport: `file:${join(dir, 'outbox')}` } }, { source: null, baseDir: dir, env: {} });
  db = await openDatabase(join(dir, 'data', 'paperboy.db'));
  await ingestDumps({ db, dir: SAMPLE_DUMPS, files: readdirSync(SAMPLE_DUMPS).map((name) => join(SAMPLE_DUMPS, name)), now: new Date(), cwd: dir });
  app = composeApp(config, db);
  renderer = await createRenderer({ publicUrl: config.web.publicUrl, from: config.delivery.from, secret: SECRET });
  server = await createWebServer({ app, renderer, transport: new FileTransport({ dir: join(dir, 'outbox') }), secret: SECRET });
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

describe('what votes teach, in Chromium', () => {
  for (const variant of VARIANTS) {
    it(`one-click votes → what was learned → undo → name liked papers → a digest with "Also for you" (${variant.name})`, async () => {
      const email = `learner-${variant.name}@example.org`;
      await upsertSubscribers(db, [{ email, name: null, timezone: 'UTC', frequency: 'daily', sendHour: null, sendWeekday: null, maxPapers: 10, topics: [{ name: 'LLMs', query: 'LLM' }] }], { now: new Date(), status: 'active' });
      const subscriber = (await findSubscriberByEmail(db, email))!;
      const context = await browser.newContext({ viewport: { width: variant.width, height: variant.height }, colorScheme: variant.colorScheme, deviceScaleFactor: variant.width < 500 ? 2 : 1 });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(message.text());
      });

      // Three links from a digest, each opened once: the page records the vote by itself.
      const papers = (await listPapers(db)).filter((paper) => /data|training/i.test(paper.title)).slice(0, 4);
      const feedback = signToken(SECRET, { purpose: 'feedback', subscriberId: subscriber.id, expiresAt: null });
      for (const [i, paper] of papers.entries()) {
        await page.goto(`${base}/feedback?token=${feedback}&paper=${encodeURIComponent(paper.id)}&vote=${i === 3 ? 'down' : 'up'}`);
        await page.waitForSelector('text=Thanks — noted');
      }
      expect([...(await votesOf(db, subscriber.id)).values()].sort()).toEqual(['down', 'up', 'up', 'up']);
      expect((await readerModelsOf(db, [subscriber.id])).get(subscriber.id)?.liked).toHaveLength(3);

      // The preferences page says what was learned.
      await page.goto(`${base}/preferences?token=${signToken(SECRET, { purpose: 'preferences', subscriberId: subscriber.id, expiresAt: null })}`);
      await page.waitForSelector('#learned');
      const learned = (await page.textContent('#learned')) ?? '';
      for (const paper of papers.slice(0, 3)) expect(learned).toContain(paper.title);
      expect(await page.$$eval('#learned .chip-more', (chips) => chips.length)).toBeGreaterThan(0);
      await shot(page, ARTIFACTS, variant.name, 'preferences-learned');
      await page.locator('#learned').screenshot({ path: join(ARTIFACTS, `learned-${variant.name}.png`) });

      // Take one vote back.
      await page.click('#learned .votes li:first-child button:has-text("Remove")');
      await page.waitForSelector('text=Vote removed');
      expect((await votesOf(db, subscriber.id)).size).toBe(3);

      // Forget them all, asked first; then start again by naming a paper (by its title).
      const asked: string[] = [];
      page.once('dialog', (dialog) => {
        asked.push(dialog.message());
        void dialog.dismiss();
      });
      await page.click('button:has-text("Forget all my votes")');
      expect(asked).toEqual(['Forget all 3 votes? Your digests follow your topics alone until you vote again.']);
      expect((await votesOf(db, subscriber.id)).size).toBe(3);
      // Declined, the form was not sent: accepted now, it forgets all three.
      page.once('dialog', (dialog) => void dialog.accept());
      await page.click('button:has-text("Forget all my votes")');
      await page.waitForSelector('text=Forgot 3 votes');
      expect((await votesOf(db, subscriber.id)).size).toBe(0);
      await page.fill('#likes', `${papers[0].title}\nno such paper at all, really`);
      await page.click('button:has-text("Add as liked")');
      await page.waitForSelector('text=Added 1 liked paper.');
      expect(await page.textContent('#learned .alert-error')).toContain('no such paper at all, really');
      await shot(page, ARTIFACTS, variant.name, 'preferences-named');
      await page.locator('#learned').screenshot({ path: join(ARTIFACTS, `learned-named-${variant.name}.png`) });

      // How many papers beyond the topics.
      await page.selectOption('#alsoForYou', '5');
      await page.click('#learned form:last-of-type button:has-text("Save")');
      await page.waitForSelector('#learned >> text=Saved.');
      expect((await findSubscriberByEmail(db, email))?.alsoForYou).toBe(5);

      // A digest with an "Also for you" section, as the reader's email shows it.
      const digest = await previewDigest(app, { email, at: new Date() });
      const withAlso = digest.sections.some((section) => section.also)
        ? digest
        : { ...digest, sections: [...digest.sections, { topic: 'Also for you', also: true, matches: [{ ...digest.sections[0].matches[0], topic: 'Also for you', highlights: [], why: `like "${papers[0].title}"` }] }] };
      const html = renderer.render(withAlso).html;
      const file = join(ARTIFACTS, `digest-${variant.name}.html`);
      writeFileSync(file, html);
      await page.goto(`file://${file}`);
      expect(await page.textContent('body')).toContain('Also for you');
      expect(await page.textContent('body')).toContain(`like "${papers[0].title}"`);
      await shot(page, ARTIFACTS, variant.name, 'digest-also-for-you');

      expect(problems).toEqual([]);
      await context.close();
    });
  }
});
