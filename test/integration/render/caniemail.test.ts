import { readFileSync } from 'node:fs';
import { caniemail } from 'caniemail';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Renderer } from '../../../src/render/index.js';
import { builtinRenderer, dailyDigest } from '../../unit/render/fixtures.js';
import { ROOT } from '../../helpers/temp.js';

// The clients our readers use: Gmail, Outlook (Windows, Outlook.com, macOS,
// iOS, Android), Apple Mail, Yahoo, Samsung Email and Thunderbird.
const CLIENTS: Parameters<typeof caniemail>[0]['clients'] = ['gmail.*', 'outlook.*', 'apple-mail.*', 'yahoo.*', 'samsung-email.android', 'thunderbird.macos'];

/**
 * The features templates/README.md lists as cosmetic: unsupported somewhere,
 * but the layout holds without them. Anything else a client does not
 * support fails the test.
 */
function cosmeticFeatures(): Set<string> {
  const readme = readFileSync(`${ROOT}/templates/README.md`, 'utf8');
  const section = readme.split(/^### Cosmetic in some clients$/m)[1]?.split(/^#/m)[0] ?? '';
  return new Set([...section.matchAll(/^\| `([^`]+)` \|/gm)].map((found) => found[1]));
}

describe('caniemail: what the digests use, against what the clients support', () => {
  let renderer: Renderer;
  beforeAll(async () => {
    renderer = await builtinRenderer();
  });

  const kinds = {
    daily: () => dailyDigest(),
    weekly: () => ({ ...dailyDigest(), kind: 'weekly' as const }),
    alert: () => ({ ...dailyDigest(), kind: 'instant' as const }),
    confirm: () => ({ ...dailyDigest(), kind: 'confirm' as const, confirm: { topics: [{ name: 'Diffusion', query: 'diffusion' }], frequency: 'daily' as const } }),
    empty: () => ({ ...dailyDigest(), sections: [], moreCount: 0 }),
  };

  for (const [kind, digest] of Object.entries(kinds)) {
    it(`finds nothing in the ${kind} message that breaks the layout in any of them`, () => {
      const { html } = renderer.render(digest());
      const result = caniemail({ clients: CLIENTS, html });
      const cosmetic = cosmeticFeatures();
      expect(cosmetic.size).toBeGreaterThan(5);
      const breaking: string[] = [];
      for (const [client, issues] of result.issues.errors) {
        for (const issue of issues) if (!cosmetic.has(issue.title)) breaking.push(`${issue.title} — ${client}`);
      }
      expect(breaking).toEqual([]);
    }, 30_000);
  }

  it('would catch a layout that needs what a client lacks (flexbox, positioning)', () => {
    const { html } = renderer.render(kinds.daily());
    const broken = html.replace('<div class="pb-page" style="', '<div class="pb-page" style="display:flex;position:absolute;');
    const titles = new Set<string>();
    for (const [, issues] of caniemail({ clients: CLIENTS, html: broken }).issues.errors) for (const issue of issues) if (!cosmeticFeatures().has(issue.title)) titles.add(issue.title);
    expect(titles.size).toBeGreaterThan(0);
  }, 30_000);

  it('lists nothing as cosmetic that the messages no longer use', () => {
    const seen = new Set<string>();
    for (const digest of Object.values(kinds)) {
      for (const [, issues] of caniemail({ clients: CLIENTS, html: renderer.render(digest()).html }).issues.errors) for (const issue of issues) seen.add(issue.title);
    }
    expect([...cosmeticFeatures()].filter((feature) => !seen.has(feature))).toEqual([]);
  }, 60_000);
});
