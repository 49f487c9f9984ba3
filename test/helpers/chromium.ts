// Real Chromium for the page and digest tests: Debian's build, with the flags
// this machine needs (no sandbox as root, no GPU, no background traffic).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const CHROMIUM = '/usr/bin/chromium';

/** Every page is looked at on a phone and a desktop, light and dark. */
export const VARIANTS = [
  { name: 'phone-light', width: 375, height: 812, colorScheme: 'light' },
  { name: 'phone-dark', width: 375, height: 812, colorScheme: 'dark' },
  { name: 'desktop-light', width: 1280, height: 900, colorScheme: 'light' },
  { name: 'desktop-dark', width: 1280, height: 900, colorScheme: 'dark' },
] as const;

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
}

/** A full-page screenshot for people to look at, `<name>-<variant>.png` in `dir`; and a check that nothing made the page scroll sideways. */
export async function shot(page: Page, dir: string, variant: string, name: string, fullPage = true): Promise<void> {
  await page.screenshot({ path: join(dir, `${name}-${variant}.png`), fullPage });
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), `${name} scrolls sideways`).toBeLessThanOrEqual(0);
}
