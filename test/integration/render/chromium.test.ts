// The default templates in a real browser: no horizontal scrolling on a
// phone or a desktop, every paper title on screen, readable contrast in
// light and dark mode. Screenshots go to test-artifacts/ for a human look.
// Locally: apt-get install -y chromium.

import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConfirmation } from '../../../src/digest/index.js';
import type { Renderer } from '../../../src/render/index.js';
import type { Digest } from '../../../src/types.js';
import { launchChromium } from '../../helpers/chromium.js';
import { ADA, AT, builtinRenderer, dailyDigest, hostileDigest, worstCaseDigest } from '../../unit/render/fixtures.js';

const ARTIFACTS = new URL('../../../test-artifacts/', import.meta.url);

let browser: Browser;
let renderer: Renderer;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  renderer = await builtinRenderer();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

const DIGESTS: [string, () => Digest][] = [
  ['daily', dailyDigest],
  ['worst-case', worstCaseDigest],
  ['hostile', hostileDigest],
  [
    'confirm',
    () =>
      buildConfirmation({
        subscriber: ADA,
        topics: [
          { name: 'Diffusion', query: '"diffusion model" -audio' },
          { name: 'title:"speculative decoding"', query: 'title:"speculative decoding"' },
        ],
        frequency: 'daily',
        now: new Date(AT),
      }),
  ],
];

const LAYOUTS = [375, 800].flatMap((width) => (['light', 'dark'] as const).map((scheme) => [width, scheme] as const));

async function open(html: string, width: number, colorScheme: 'light' | 'dark'): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme });
  // The email loads nothing from the network; block it anyway so a stray URL cannot slow the test.
  await page.route('**/*', (route) => route.abort());
  await page.setContent(html, { waitUntil: 'domcontentloaded' });
  return page;
}

/** WCAG contrast of each element's text against the nearest opaque background behind it. */
function contrasts(page: Page, selector: string): Promise<{ text: string; ratio: number }[]> {
  return page.$$eval(selector, (elements) => {
    const rgb = (value: string) => (value.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r, g, b]: number[]) => {
      const [R, G, B] = [r, g, b].map((c) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4));
      return 0.2126 * R + 0.7152 * G + 0.0722 * B;
    };
    const background = (element: Element | null): number[] => {
      for (let at = element; at; at = at.parentElement) {
        const [r, g, b, a] = rgb(getComputedStyle(at).backgroundColor);
        if (a === undefined || a > 0) return [r, g, b];
      }
      return [255, 255, 255];
    };
    return elements.map((element) => {
      const fg = luminance(rgb(getComputedStyle(element).color));
      const bg = luminance(background(element));
      return { text: (element.textContent ?? '').slice(0, 40), ratio: (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05) };
    });
  });
}

describe('the HTML in Chromium', () => {
  for (const [name, digest] of DIGESTS) {
    describe(name, () => {
      it.each(LAYOUTS)('fits %i px wide in %s mode, every title visible, text readable', async (width, scheme) => {
        const message = renderer.render(digest());
        const page = await open(message.html, width, scheme);
        try {
          const { scrollWidth, innerWidth } = await page.evaluate(() => ({
            scrollWidth: document.scrollingElement?.scrollWidth ?? Infinity,
            innerWidth: window.innerWidth,
          }));
          expect(scrollWidth).toBeLessThanOrEqual(innerWidth);

          const titles = page.locator('h3.pb-title a');
          const expected = digest().sections.reduce((sum, section) => sum + section.matches.length, 0);
          expect(await titles.count()).toBe(expected);
          for (const title of await titles.all()) {
            await expect.poll(() => title.isVisible()).toBe(true);
            const box = await title.boundingBox();
            expect(box && box.x >= 0 && box.x + box.width <= innerWidth).toBe(true);
          }

          for (const { text, ratio } of await contrasts(page, 'h1, h2, h3 a, .pb-intro, .pb-snippet, .pb-meta, .pb-why, .pb-vote a, .pb-foot p')) {
            expect(ratio, `contrast of "${text}"`).toBeGreaterThanOrEqual(4.5);
          }
          const body = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
          expect(body).toBe(scheme === 'dark' ? 'rgb(15, 17, 21)' : 'rgb(244, 244, 245)');

          // Tap targets of at least 24 px (WCAG 2.2, target size minimum).
          for (const link of await page.locator('.pb-vote a, .pb-foot a').all()) {
            const box = await link.boundingBox();
            expect(box!.height, `height of "${await link.textContent()}"`).toBeGreaterThanOrEqual(24);
          }

          await page.screenshot({ path: new URL(`${name}-${width}-${scheme}.png`, ARTIFACTS).pathname, fullPage: true });
        } finally {
          await page.close();
        }
      });
    });
  }
});

describe('dark mode in Outlook.com and the Outlook apps', () => {
  // They do not apply prefers-color-scheme to our rules: they replace <body>
  // (its class and background go) and mark what they recolour with
  // data-ogsc and data-ogsb. Here the body is replaced the same way.
  it.each([375, 800])('keeps the header and the cards readable at %i px, whatever the body', async (width) => {
    const page = await open(renderer.render(dailyDigest()).html, width, 'light');
    try {
      await page.evaluate(() => {
        const body = document.body;
        body.removeAttribute('class');
        body.style.backgroundColor = '#ffffff';
        body.setAttribute('data-ogsc', '');
        body.setAttribute('data-ogsb', '');
      });
      for (const { text, ratio } of await contrasts(page, 'h1, h2, h3 a, .pb-brand, .pb-date, .pb-intro, .pb-snippet, .pb-meta, .pb-why, .pb-vote a, .pb-foot p')) {
        expect(ratio, `contrast of "${text}"`).toBeGreaterThanOrEqual(4.5);
      }
      const page_ = await page.evaluate(() => getComputedStyle(document.querySelector('.pb-page')!).backgroundColor);
      expect(page_).toBe('rgb(15, 17, 21)');
      await page.screenshot({ path: new URL(`outlook-dark-${width}.png`, ARTIFACTS).pathname, fullPage: true });
    } finally {
      await page.close();
    }
  });
});
