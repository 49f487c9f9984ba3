import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { signToken } from '../../../src/web/index.js';
import { webTemplatesDir } from '../../../src/web/pages.js';
import { activeSubscriber, addPapers, linkIn, PAPERS, SECRET, storeSnapshot, webFixture, type WebFixture } from './helpers.js';

let fixture: WebFixture;
afterEach(() => fixture?.close());

function templates(): string[] {
  const dir = webTemplatesDir();
  return [...readdirSync(dir).filter((f) => f.endsWith('.hbs')).map((f) => join(dir, f)), ...readdirSync(join(dir, 'partials')).map((f) => join(dir, 'partials', f))];
}

describe('page templates', () => {
  it('print every value with the escaping double-stash, and hold no inline script or style', () => {
    const files = templates();
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toContain('{{{');
      expect(text, file).not.toMatch(/<script(?![^>]*\ssrc=)/);
      expect(text, file).not.toMatch(/\sstyle=|<style/);
      expect(text, file).not.toMatch(/\son[a-z]+=/);
    }
  });
});

describe('every GET', () => {
  it('leaves the store as it was, whatever page it shows', async () => {
    fixture = await webFixture();
    const [paperId] = await addPapers(fixture.db, PAPERS, fixture.clock.now());
    const ada = await activeSubscriber(fixture, 'ada@example.org', 'diffusion');
    const preferences = linkIn(ada.confirmed, '/preferences?token=');
    const unsubscribe = linkIn((await fixture.server.inject(preferences)).body, '/unsubscribe?token=');
    const token = (purpose: 'feedback' | 'view' | 'confirm', data?: string) => signToken(SECRET, { purpose, subscriberId: ada.id, expiresAt: null, data });
    const urls = [
      '/',
      '/subscribe',
      preferences,
      unsubscribe,
      `/feedback?token=${token('feedback')}&paper=${paperId}&vote=up`,
      `/feedback?token=${token('feedback')}&paper=${paperId}&vote=down`,
      '/archive',
      '/archive/2026-11-24',
      `/d/${token('view', 'daily:2026-11-24')}`,
      linkIn(ada.confirmed, '/feed/'),
      '/healthz',
      '/static/app.js',
      '/no/such/page',
    ];
    const before = await storeSnapshot(fixture.db);
    for (const url of urls) {
      for (const method of ['GET', 'HEAD'] as const) {
        const response = await fixture.server.inject({ method, url });
        expect(response.statusCode, `${method} ${url}`).toBeLessThan(500);
      }
    }
    expect(await storeSnapshot(fixture.db)).toEqual(before);
  });
});

describe('static files', () => {
  it('serves the stylesheet and the script with their types, cacheable', async () => {
    fixture = await webFixture();
    const css = await fixture.server.inject('/static/style.css');
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.headers['cache-control']).toBe('public, max-age=86400');
    expect(css.body).toContain('prefers-color-scheme: dark');
    const js = await fixture.server.inject('/static/app.js');
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.body).toContain('data-preview');
  });
});
