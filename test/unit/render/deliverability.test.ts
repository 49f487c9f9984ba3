import { beforeAll, describe, expect, it } from 'vitest';
import { HTML_BUDGET } from '../../../src/render/renderer.js';
import type { Renderer } from '../../../src/render/index.js';
import { encodeDigest, readDigest } from '../../../src/store/stored-digest.js';
import type { Digest } from '../../../src/types.js';
import { ADA, builtinRenderer, dailyDigest, digestOf, FIXTURES, matchOf, paperOf, readable } from './fixtures.js';

let renderer: Renderer;
beforeAll(async () => {
  renderer = await builtinRenderer();
});

/** `n` real papers (the sample dumps' longest abstracts first, so the worst sizes), under three topics. */
function bigDigest(n: number): Digest {
  const pool = [...FIXTURES.longestAbstracts, ...FIXTURES.longestTitles, ...FIXTURES.diffusion, ...FIXTURES.outOfDistribution, ...FIXTURES.largeLanguageModels];
  const topics = ['Diffusion', 'Language Models', 'Distribution Shift'];
  const matches = Array.from({ length: n }, (_, i) =>
    matchOf(paperOf(pool[i % pool.length], `p${i}`, { title: `${pool[i % pool.length].title} (${i})`, upvotes: 500 - i }), topics[i % 3], ['model', 'learning', 'data', 'diffusion'], 1000 - i),
  );
  return digestOf(topics.map((topic) => ({ topic, matches: matches.filter((match) => match.topic === topic) })), { moreCount: 0 });
}

const titles = (html: string) => [...html.matchAll(/class="pb-title"[^>]*><a href="[^"]*"[^>]*>(.*?)<\/a>/g)].map((found) => found[1].replace(/<\/?strong>/g, ''));

describe("render: Gmail's clip", () => {
  it('keeps a 100-paper digest under 100 KB of HTML, with its unsubscribe link, the best papers and the rest as "and N more"', () => {
    const digest = bigDigest(100);
    const { html, text } = renderer.render(digest);
    expect(Buffer.byteLength(html)).toBeLessThanOrEqual(HTML_BUDGET);
    expect(html).toMatch(/>Unsubscribe<\/a>/);
    const shown = titles(html);
    expect(shown.length).toBeGreaterThan(20);
    expect(shown.length).toBeLessThan(100);
    // The best by score: papers 0 … k-1, and no other.
    const kept = new Set(shown.map((title) => Number(/\((\d+)\)$/.exec(title)![1])));
    expect([...kept].sort((a, b) => a - b)).toEqual(Array.from({ length: shown.length }, (_, i) => i));
    expect(readable(html)).toContain(`And ${100 - shown.length} more papers matched your topics — <a href="https://papers.example.org/d/`);
    expect(readable(html)).toContain(`see all 100 in your browser`);
    // The text part carries the same papers.
    expect(text.match(/^\* /gm)).toHaveLength(shown.length);
    expect(text).toContain(`And ${100 - shown.length} more papers matched your topics. See all 100:`);
  });

  it("keeps the best papers of the edition's own rank order (a reader's votes, a weekly's upvotes), not of the topic score, also once stored and read back", () => {
    const digest = bigDigest(100);
    // Ranked worst score first, as votes may rank them: papers 99, 98, … are the best.
    const flat = digest.sections.flatMap((section) => section.matches);
    const ranked: Digest = { ...digest, order: flat.map((match, position) => ({ match, position })).sort((a, b) => a.match.score - b.match.score).map(({ position }) => position) };
    const stored = readDigest(encodeDigest(ranked));
    const again = stored.withPapers(new Map(flat.map((match) => [match.paper.id, match.paper])));
    for (const kept of [ranked, again]) {
      const shown = titles(renderer.render(kept).html).map((title) => Number(/\((\d+)\)$/.exec(title)![1]));
      expect(shown.length).toBeGreaterThan(20);
      expect([...shown].sort((a, b) => a - b)).toEqual(Array.from({ length: shown.length }, (_, i) => 100 - shown.length + i));
    }
  });

  it('leaves the web copy whole: a page is not clipped, and it is where "see all 100 in your browser" leads', () => {
    const digest = bigDigest(100);
    const email = renderer.render(digest).html;
    const copy = renderer.render(digest, { webCopy: true });
    expect(titles(email).length).toBeLessThan(100);
    expect(titles(copy.html)).toHaveLength(100);
    expect(Buffer.byteLength(copy.html)).toBeGreaterThan(HTML_BUDGET);
    expect(readable(copy.html)).not.toContain('more papers matched your topics');
    expect(copy.text.match(/^\* /gm)).toHaveLength(100);
  });

  it('leaves a digest that fits as it is', () => {
    const digest = bigDigest(12);
    const { html } = renderer.render(digest);
    expect(titles(html)).toHaveLength(12);
    expect(html).not.toMatch(/more papers? matched/);
  });
});

describe('render: the intro, the preheader', () => {
  it('starts the intro with a capital for a subscriber without a name, in every kind of message', () => {
    const nameless = { ...ADA, name: null };
    const digest = { ...dailyDigest(), subscriber: nameless };
    const intros = (['daily', 'weekly', 'instant'] as const).map((kind) => renderer.render({ ...digest, kind }));
    intros.push(renderer.render({ ...digest, kind: 'confirm', confirm: { topics: [{ name: 'Diffusion', query: 'diffusion' }], frequency: 'daily' } }));
    intros.push(renderer.render({ ...digest, sections: [] }));
    const found = intros.map(({ html, text }) => ({ html: /class="pb-intro"[^>]*>([^<]*)</.exec(html)![1], text: text.split('\n')[3] }));
    expect(found.map((intro) => intro.html)).toEqual([
      '5 new papers matched your topics.',
      'The 5 best papers of the week on your topics, ranked by match and upvotes.',
      '5 new papers just arrived that match your topics.',
      'Please confirm that you want to receive papers from us.',
      'Nothing new matched your topics today.',
    ]);
    for (const intro of found) expect(intro.text).toMatch(/^[A-Z0-9]/);
    // With a name, the greeting comes first.
    expect(renderer.render(dailyDigest()).html).toMatch(/class="pb-intro"[^>]*>Hi Ada &#x2014; 5 new papers matched your topics\.</);
  });

  it('pads a short preheader so the preview does not run into the body, and leaves a long one alone', () => {
    const preheader = (digest: Digest) => readable(/<div class="pb-preheader"[^>]*>([^<]*)<\/div>/.exec(renderer.render(digest).html)![1]);
    const short = preheader(digestOf([{ topic: 'Diffusion', matches: [matchOf(paperOf({ title: 'Tiny', abstract: 'A diffusion model.' }, 't1'), 'Diffusion', ['diffusion'])] }]));
    expect(short.startsWith('Tiny')).toBe(true);
    expect(short.length).toBeGreaterThanOrEqual(140);
    expect(short.slice(4)).toMatch(/^(\u034f\u00a0)+$/);
    const long = preheader(bigDigest(8));
    expect(long).not.toContain('\u034f');
  });
});

describe('render: Outlook and dark mode', () => {
  const kinds = () => {
    const digest = dailyDigest();
    return [
      renderer.render(digest).html,
      renderer.render({ ...digest, kind: 'weekly' }).html,
      renderer.render({ ...digest, kind: 'instant' }).html,
      renderer.render({ ...digest, kind: 'confirm', confirm: { topics: [{ name: 'Diffusion', query: 'diffusion' }], frequency: 'daily' } }).html,
      renderer.render({ ...digest, sections: [] }).html,
    ];
  };

  it('puts padding only on table cells (and on links, where it only widens a tap target)', () => {
    for (const html of kinds()) {
      const padded = [...html.matchAll(/<(\w+)\b[^>]*\bstyle="([^"]*)"/g)].filter(([, , style]) => /(^|;)\s*padding(-\w+)?\s*:\s*(?!0(px)?\s*(;|$))/.test(style));
      expect(padded.length).toBeGreaterThan(0);
      for (const [tag, name] of padded) expect([tag, name === 'td' || name === 'a' ? 'ok' : 'padding outside a cell']).toEqual([tag, 'ok']);
      // No separators drawn by divs; spacers are mj-spacer's, alone in a cell of their own.
      expect(html).not.toMatch(/<div[^>]*style="[^"]*border-top/);
      const spacers = html.match(/<div style="height:/g) ?? [];
      expect(html.match(/<td style="font-size:0px;word-break:break-word;"> <div style="height:12px;line-height:12px;">&#8202;<\/div> <\/td>/g) ?? []).toHaveLength(spacers.length);
    }
  });

  it('draws the line between papers as the border of their cell', () => {
    const html = renderer.render(dailyDigest()).html;
    expect(html.match(/<td[^>]*class="pb-sep pb-t"[^>]*style="border-top: 1px solid #e4e7eb;[^"]*padding: 16px 24px 12px;/g)).toHaveLength(5);
  });

  it("has dark-mode rules for Outlook.com and the Outlook apps, and no colour hangs on the body's class", () => {
    for (const html of kinds()) {
      const css = [...html.matchAll(/<style[^>]*>([^]*?)<\/style>/g)].map((found) => found[1]).join('\n');
      expect(css).toMatch(/\[data-ogsb\] \.pb-page[^{]*\{ background-color: #0f1115 !important; \}/);
      expect(css).toMatch(/\[data-ogsc\] \.pb-t div, \[data-ogsc\] h1[^{]*\{ color: #e6e8eb !important; \}/);
      expect(css).not.toMatch(/\.pb-body/);
      expect(html).toMatch(/<body style=/);
      // The page colour is on a wrapper of ours, which the dark rules recolour.
      expect(html).toMatch(/<div class="pb-page" style="background:#f4f4f5;/);
    }
  });
});

describe("render: an alert's email limit", () => {
  it('shows the best `emailLimit` papers by the rank order, the rest as "and N more" in the email and in full in the web copy, also once stored and read back', () => {
    const whole = bigDigest(9);
    const flat = whole.sections.flatMap((section) => section.matches);
    // Ranked worst score first, as a reader's votes may rank them: papers 8, 7 and 6 are the best.
    const order = flat.map((match, position) => ({ match, position })).sort((a, b) => a.match.score - b.match.score).map(({ position }) => position);
    const alert: Digest = { ...whole, kind: 'instant', period: 'abc', key: 'instant:abc', order, emailLimit: 3 };
    const stored = readDigest(encodeDigest(alert));
    const again = stored.withPapers(new Map(flat.map((match) => [match.paper.id, match.paper])));
    expect(again.emailLimit).toBe(3);
    for (const digest of [alert, again]) {
      const email = renderer.render(digest);
      const shown = titles(email.html).map((title) => Number(/\((\d+)\)$/.exec(title)![1]));
      expect(shown.sort()).toEqual([6, 7, 8]);
      expect(readable(email.html)).toContain('And 6 more papers matched your topics — <a href="https://papers.example.org/d/');
      expect(readable(email.html)).toContain('see all 9 in your browser');
      expect(email.text.match(/^\* /gm)).toHaveLength(3);
      const copy = renderer.render(digest, { webCopy: true });
      expect(titles(copy.html)).toHaveLength(9);
      expect(readable(copy.html)).not.toContain('more papers matched');
    }
  });
});
