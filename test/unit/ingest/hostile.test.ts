import { describe, expect, it } from 'vitest';
import { FIELD_LIMITS } from '../../../src/ingest/bounds.js';
import { parseDump } from '../../../src/ingest/parse.js';
import { NOW } from './helpers.js';

// Dump text is data: the parser keeps it byte for byte; escaping is the renderer's job.
const HEADER = ['new', '', 'Get trending papers in your email inbox!', '', 'Subscribe', '', 'byAK and the research community', '', 'Mar 11', ''];
const PROSE = 'We study a problem and propose a method that works well on benchmarks. '.repeat(4).trim();

function parseOne(title: string, abstract: string) {
  const text = [...HEADER, title, '', abstract, ''].join('\n');
  const { papers } = parseDump(text, { name: 'hostile.txt', now: NOW });
  expect(papers).toHaveLength(1);
  return papers[0];
}

describe('hostile text', () => {
  it('keeps HTML and script tags verbatim', () => {
    const title = '<script>alert("x")</script><b>Bold</b> & <img src=x onerror=alert(1)> Models';
    const abstract = `${PROSE} <a href="javascript:alert(1)">click</a> </textarea><!-- -->`;
    expect(parseOne(title, abstract)).toMatchObject({ title, abstract });
  });

  it('drops control characters and bidi overrides; a tab or break inside a title becomes a space', () => {
    const title = 'Bell\u0007 Escape\u001b[31m Red\u001b[0m\tTabbed\u000bVT\u000cFF\u007f \u202eTitle\u2066';
    const abstract = `${PROSE}\u0001\u0008\u001f\t\u202e reversed\u0085`;
    expect(parseOne(title, abstract)).toMatchObject({ title: 'Bell Escape[31m Red[0m Tabbed VT FF Title', abstract: `${PROSE}\t reversed` });
  });

  it('drops a NUL, a CR and a bidi override from a JSON title and abstract', () => {
    const json = JSON.stringify([{ title: 'Nul\u0000 and CR\r\nInjected: header', abstract: `${PROSE}\r\nSecond\u0000 line \u202etxt.exe` }]);
    const { papers } = parseDump(json, { name: 'hostile.json', now: NOW });
    expect(papers[0].title).toBe('Nul and CR  Injected: header');
    expect(papers[0].abstract).toBe(`${PROSE}\nSecond line txt.exe`);
  });

  it('cuts a 1 MB abstract at a word boundary to its bound, and reports the cut', () => {
    const abstract = 'diffusion model '.repeat(80_000).trim();
    const text = [...HEADER, 'A Paper With a Very Long Abstract', '', abstract, '', 'A Short One', '', PROSE, ''].join('\n');
    const { papers, cuts } = parseDump(text, { name: 'hostile.txt', now: NOW });
    expect(papers).toHaveLength(2);
    expect(papers[0].abstract.length).toBeLessThanOrEqual(FIELD_LIMITS.abstract);
    expect(papers[0].abstract.length).toBeGreaterThan(FIELD_LIMITS.abstract - 200);
    expect(papers[0].abstract).toMatch(/ (diffusion|model)…$/);
    expect(abstract.startsWith(papers[0].abstract.slice(0, -1))).toBe(true);
    expect(papers[1].abstract).toBe(PROSE);
    expect(cuts).toEqual([{ line: HEADER.length + 1, title: 'A Paper With a Very Long Abstract', field: 'abstract', length: abstract.length, limit: FIELD_LIMITS.abstract }]);
  });

  it('cuts a long title, drops a huge URL, and keeps a word with no space before the bound whole up to it', () => {
    const title = `${'Word '.repeat(300)}End`;
    const json = JSON.stringify([{ title, abstract: PROSE, url: `https://example.org/${'a'.repeat(5000)}` }, { title: 'Spaceless', abstract: 'x'.repeat(30_000) }]);
    const { papers, cuts } = parseDump(json, { name: 'hostile.json', now: NOW });
    expect(papers[0].title.length).toBeLessThanOrEqual(FIELD_LIMITS.title);
    expect(papers[0].title).toMatch(/^(Word )+Word…$/);
    expect(papers[0].url).toBeNull();
    expect(papers[1].abstract).toBe(`${'x'.repeat(FIELD_LIMITS.abstract - 1)}…`);
    expect(cuts.map((cut) => [cut.title.slice(0, 9), cut.field])).toEqual([['Word Word', 'title'], ['Word Word', 'url'], ['Spaceless', 'abstract']]);
  });

  it('keeps titles with stripped-LaTeX artefacts and non-ASCII letters as they are', () => {
    const title = 'Light Schrödinger Bridge: scriptsizeFLaws in ell_p and mathcal D';
    expect(parseOne(title, PROSE).title).toBe(title);
  });
});
