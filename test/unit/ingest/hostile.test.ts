import { describe, expect, it } from 'vitest';
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

  it('keeps control characters other than line breaks verbatim, tabs inside a line too', () => {
    const title = 'Bell\u0007 Escape\u001b[31m Red\u001b[0m\tTabbed\u000bVT\u000cFF\u007f Title';
    const abstract = `${PROSE}\u0001\u0008\u001f\t\u202e reversed`;
    expect(parseOne(title, abstract)).toMatchObject({ title, abstract });
  });

  it('keeps a 1 MB abstract line whole', () => {
    const abstract = `${'a'.repeat(1_048_576)}.`;
    const paper = parseOne('A Paper With a Very Long Abstract', abstract);
    expect(paper.abstract).toHaveLength(1_048_577);
    expect(paper.abstract).toBe(abstract);
  });

  it('keeps titles with stripped-LaTeX artefacts and non-ASCII letters as they are', () => {
    const title = 'Light Schrödinger Bridge: scriptsizeFLaws in ell_p and mathcal D';
    expect(parseOne(title, PROSE).title).toBe(title);
  });
});
