// npx tsx bench/largest-paper.ts [--json]
// The worst a dump can make a digest: twenty papers, each as large as ingest
// lets a paper be (FIELD_LIMITS), whose abstract repeats the subscriber's
// phrase from end to end, so that every word is a highlight. Each paper goes
// through what a real run does with it: bounded as ingest bounds it, matched
// by the real matcher, chosen by selectEdition, and rendered.

import { selectEdition } from '../src/digest/index.js';
import { boundPaper, fingerprint, FIELD_LIMITS } from '../src/ingest/index.js';
import { buildIndex, createMatcher } from '../src/match/index.js';
import { createRenderer } from '../src/render/index.js';
import { excerpt } from '../src/render/snippet.js';
import type { Paper, Subscriber } from '../src/types.js';

export interface LargestPaperResult {
  papers: number;
  titleChars: number;
  abstractChars: number;
  /** Highlights the matcher found in one abstract. */
  highlights: number;
  /** Rendering the whole digest, best of the rounds (ms). */
  renderMs: number;
  htmlBytes: number;
  /** The snippet alone over an unbounded abstract of 80,000 highlighted phrases (ms). */
  unboundedSnippetMs: number;
}

const PHRASE = 'diffusion model ';

export async function benchLargestPaper(rounds = 20): Promise<LargestPaperResult> {
  const papers: Paper[] = Array.from({ length: 20 }, (_, i) => {
    const { paper } = boundPaper({
      title: `${i} ${'Diffusion models of very long titles '.repeat(40)}`,
      abstract: PHRASE.repeat(80_000),
      authors: [],
      authorsCount: 3,
      publishedAt: '2026-11-23',
      upvotes: i,
      url: null,
      arxivId: null,
      line: 1,
    });
    const { line: _line, ...stored } = paper;
    return { ...stored, id: fingerprint(paper.title), firstSeenAt: '2026-11-24T05:00:00.000Z' };
  });
  const subscriber: Subscriber = {
    id: 1,
    email: 'ada@example.org',
    name: 'Ada',
    timezone: 'UTC',
    frequency: 'daily',
    sendHour: null,
    sendWeekday: null,
    maxPapers: null,
    alsoForYou: null,
    status: 'active',
    topics: [{ name: 'Diffusion', query: '"diffusion model"' }],
    createdAt: '2026-11-01T00:00:00.000Z',
  };
  const now = new Date('2026-11-24T07:00:00Z');
  const digest = selectEdition({ kind: 'daily', period: '2026-11-24', subscriber, candidates: createMatcher(buildIndex(papers)), reader: null, sent: new Set(), now }, { maxPapers: 20, alsoForYou: 0 });
  const renderer = await createRenderer({ publicUrl: 'https://papers.example.org', from: 'Paperboy <digest@example.org>', secret: 'bench-secret-0123456789abcdef' });

  let renderMs = Infinity;
  let htmlBytes = 0;
  for (let round = 0; round < rounds; round++) {
    // New matches and papers each round, so no card is reused from the round before.
    const fresh = {
      ...digest,
      subscriber: { ...digest.subscriber, id: round + 2 },
      sections: digest.sections.map((section) => ({ ...section, matches: section.matches.map((match) => ({ ...match, paper: { ...match.paper } })) })),
    };
    const start = performance.now();
    htmlBytes = Buffer.byteLength(renderer.render(fresh).html);
    renderMs = Math.min(renderMs, performance.now() - start);
  }

  const unbounded = PHRASE.repeat(80_000);
  const spans = Array.from({ length: 80_000 }, (_, i) => ({ start: i * PHRASE.length, end: (i + 1) * PHRASE.length - 1 }));
  const snippetStart = performance.now();
  excerpt(unbounded, spans);
  const unboundedSnippetMs = performance.now() - snippetStart;

  const first = digest.sections.flatMap((section) => section.matches)[0];
  return {
    papers: digest.sections.reduce((sum, section) => sum + section.matches.length, 0),
    titleChars: papers[0].title.length,
    abstractChars: papers[0].abstract.length,
    highlights: first.highlights.filter((h) => h.field === 'abstract').length,
    renderMs,
    htmlBytes,
    unboundedSnippetMs,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await benchLargestPaper();
  if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else {
    process.stdout.write(
      [
        `largest paper: ${result.papers} papers of ${result.titleChars}-character titles and ${result.abstractChars}-character abstracts (limits ${FIELD_LIMITS.title} / ${FIELD_LIMITS.abstract}), ${result.highlights} highlights each`,
        `render one digest: ${result.renderMs.toFixed(1)} ms (best of 20), HTML ${(result.htmlBytes / 1024).toFixed(1)} KB`,
        `snippet of an unbounded 80,000-highlight abstract: ${result.unboundedSnippetMs.toFixed(1)} ms`,
      ].join('\n') + '\n',
    );
  }
}
