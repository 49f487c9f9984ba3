// npx tsx bench/feeds.ts
// Parsing speed of each feed format (arXiv Atom, arXiv RSS, Hugging Face
// daily_papers JSON), in MB/s: 6,000 papers made from the test fixtures,
// written as each feed writes them, parsed five times, the best kept.

import { readFileSync } from 'node:fs';
import { parseDump } from '../src/ingest/parse.js';
import { arxivAtom, arxivRss, hfDailyPapers, type FeedPaper } from '../test/helpers/feeds.js';

const samples = JSON.parse(readFileSync(new URL('../test/fixtures/papers.json', import.meta.url), 'utf8')) as { title: string; abstract: string }[];
const N = 6000;
const papers: FeedPaper[] = Array.from({ length: N }, (_, i) => ({
  arxivId: `2411.${String(10000 + i)}`, version: 1, title: `${samples[i % samples.length].title} ${i}`, abstract: samples[i % samples.length].abstract,
  authors: ['Wei Zhang', 'Ana García', 'Kwame Mensah', 'Priya Raman', 'Lukas Müller'].slice(0, 1 + (i % 5)), published: '2024-11-01', upvotes: i % 50,
}));
for (const [name, text] of [['arxiv-atom', arxivAtom(papers)], ['arxiv-rss', arxivRss(papers)], ['hf-daily-papers', hfDailyPapers(papers)]] as const) {
  const bytes = Buffer.from(text);
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    const t = performance.now();
    const parsed = parseDump(bytes, { name, now: new Date() });
    const ms = performance.now() - t;
    if (parsed.papers.length !== N) throw new Error('count');
    best = Math.min(best, ms);
  }
  console.log(`${name}: ${(bytes.length / 1e6).toFixed(1)} MB, ${N} papers, best of 5 ${best.toFixed(0)} ms, ${(bytes.length / 1e6 / (best / 1000)).toFixed(1)} MB/s`);
}
