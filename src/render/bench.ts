// The render benchmark behind `paperboy bench` and bench/render.ts: filling
// the compiled templates versus one MJML render per message, for the same
// twenty-paper digest. Single-threaded; figures per CPU-second are the
// throughput of one core, whatever else the machine is doing.

import type { Digest, Highlight, Match, Message } from '../types.js';
import { handlebarsEnvironment, MJML_OPTIONS } from './compile.js';
import { parseSender } from './headers.js';
import { createRenderer, prepareMessage, TEMPLATE_OF, type Renderer } from './renderer.js';
import { loadMjml } from './mjml.js';
import { expandIncludes, templateDirs } from './template-files.js';

export interface RenderBenchOptions {
  /** A renderer to measure; by default one over the built-in templates. */
  renderer?: Renderer;
  templatesDir?: string;
  /** Real papers to fill the digest with; synthetic ones of realistic length otherwise. */
  samples?: readonly { title: string; abstract: string }[];
  /** Papers in the digest (default 20). */
  papers?: number;
  /** How long to fill compiled templates, per variant (default 2 s). */
  seconds?: number;
  /** How many full MJML renders to time (default 20; each takes tens of milliseconds). */
  mjmlRenders?: number;
}

export interface LoopFigures {
  renders: number;
  /** Wall-clock time of the best round. */
  ms: number;
  /** CPU time the process spent in it: on a busy machine, wall time also counts other programs' turns. */
  cpuMs: number;
  perSecond: number;
  /** Renders per second of CPU time: the throughput of one core. */
  perCoreSecond: number;
}

export interface RenderBenchResult {
  papers: number;
  htmlBytes: number;
  /** createRenderer: compiling every template once (0 when a renderer was given). */
  compileMs: number;
  /** A message per subscriber, the papers' matches shared between them, as the matcher returns them. */
  compiled: LoopFigures;
  /** The same with every match new, so nothing of a paper's view is reused. */
  compiledUnshared: LoopFigures;
  /** Fill Handlebars into the MJML source, then render MJML, for every message. */
  mjml: LoopFigures;
  /** compiled.perCoreSecond / mjml.perCoreSecond */
  ratio: number;
  /** In the shape `paperboy bench` reports. */
  figures: { compiledPerSecond: number; mjmlPerSecond: number; ratio: number; htmlKilobytes: number };
  /** One rendered message, e.g. to size SMTP tests. */
  message: Message;
}

const OPTIONS = { publicUrl: 'https://papers.example.org', from: 'Paperboy <digest@example.org>', secret: 'bench-secret-0123456789abcdef' };

export async function benchRender(options: RenderBenchOptions = {}): Promise<RenderBenchResult> {
  const papers = options.papers ?? 20;
  const budget = (options.seconds ?? 2) * 1000;
  const startCompile = performance.now();
  const renderer = options.renderer ?? (await createRenderer({ ...OPTIONS, templatesDir: options.templatesDir }));
  const compileMs = options.renderer ? 0 : performance.now() - startCompile;

  const shared = benchDigest(papers, options.samples);
  let subscriber = 0;
  // Each message goes to another subscriber, so every link token is signed anew.
  const next = (digest: Digest): Digest => ({ ...digest, subscriber: { ...digest.subscriber, id: ++subscriber } });
  const message = renderer.render(shared);
  const compiled = await bestOf(budget, Infinity, () => void renderer.render(next(shared)));
  // Unfrozen copies of the matches: the renderer must not reuse anything of them.
  const unshared = Array.from({ length: 64 }, () => ({
    ...shared,
    sections: shared.sections.map((section) => ({ ...section, matches: section.matches.map((match) => ({ ...match })) })),
  }));
  const compiledUnshared = await bestOf(budget, Infinity, () => void renderer.render(next(unshared[subscriber % unshared.length])));

  const source = handlebarsEnvironment().compile(expandIncludes(`${TEMPLATE_OF[shared.kind]}.mjml`, templateDirs(options.templatesDir)).source);
  const sender = parseSender(OPTIONS.from);
  const mjml2html = await loadMjml();
  const mjml = await bestOf(Infinity, options.mjmlRenders ?? 20, async () => {
    const { view } = prepareMessage(next(shared), sender, OPTIONS);
    await mjml2html(source(view), MJML_OPTIONS);
  });

  const ratio = compiled.perCoreSecond / mjml.perCoreSecond;
  const htmlBytes = Buffer.byteLength(message.html);
  return {
    papers,
    htmlBytes,
    compileMs,
    compiled,
    compiledUnshared,
    mjml,
    ratio,
    figures: {
      compiledPerSecond: Math.round(compiled.perCoreSecond),
      mjmlPerSecond: Math.round(mjml.perCoreSecond * 10) / 10,
      ratio: Math.round(ratio),
      htmlKilobytes: Math.round(htmlBytes / 102.4) / 10,
    },
    message,
  };
}

/**
 * Runs in rounds and keeps the fastest: on a shared machine a round can lose
 * its core to other programs, and the best round is the closest to what the
 * code itself costs.
 */
async function bestOf(maxMs: number, maxRuns: number, run: () => void | Promise<void>): Promise<LoopFigures> {
  // Warm-up: the first calls load modules, fill caches and let the JIT settle.
  for (let i = 0; i < Math.min(50, maxRuns); i++) await run();
  const rounds = Number.isFinite(maxRuns) ? 1 : 5;
  let best: LoopFigures | undefined;
  for (let round = 0; round < rounds; round++) {
    const figures = await timeLoop(maxMs / rounds, maxRuns, run);
    if (!best || figures.perCoreSecond > best.perCoreSecond) best = figures;
  }
  return best as LoopFigures;
}

async function timeLoop(maxMs: number, maxRuns: number, run: () => void | Promise<void>): Promise<LoopFigures> {
  let renders = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  while (renders < maxRuns && performance.now() - start < maxMs) {
    await run();
    renders++;
  }
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  return { renders, ms, cpuMs, perSecond: (renders / ms) * 1000, perCoreSecond: (renders / cpuMs) * 1000 };
}

const WORDS = (
  'we propose a novel diffusion model for language understanding that scales to large datasets and improves ' +
  'robustness under distribution shift while reducing training cost our method combines contrastive learning ' +
  'with retrieval augmented generation and achieves state of the art results on standard benchmarks including ' +
  'image synthesis reasoning and code generation experiments show consistent gains over strong baselines'
).split(' ');

const TOPICS = ['Diffusion', 'Language models', 'Robustness'];

/**
 * A deterministic digest of frozen matches (as the matcher returns them):
 * sample papers when given, else ~120-character titles and ~1,500-character
 * abstracts, with their matched words highlighted.
 */
export function benchDigest(papers: number, samples?: readonly { title: string; abstract: string }[]): Digest {
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const sentence = (length: number) => {
    let text = '';
    while (text.length < length) text += `${text ? ' ' : ''}${WORDS[Math.floor(random() * WORDS.length)]}`;
    return text;
  };
  const matches: Match[] = Array.from({ length: papers }, (_, i) => {
    const sample = samples?.length ? samples[i % samples.length] : undefined;
    const title = sample?.title ?? sentence(120).replace(/^./, (c) => c.toUpperCase());
    const abstract = sample?.abstract ?? `${sentence(1500)}.`;
    const highlights: Highlight[] = [];
    for (const field of ['title', 'abstract'] as const) {
      for (const found of (field === 'title' ? title : abstract).matchAll(/\b(diffusion|language|models?|learning)\b/gi)) {
        highlights.push(Object.freeze({ field, start: found.index, end: found.index + found[0].length }));
      }
    }
    return Object.freeze({
      paper: { id: `bench-${i}`, title, abstract, authorsCount: 8, authors: [], publishedAt: '2026-11-23', upvotes: 40 - i, url: null, arxivId: null, firstSeenAt: '2026-11-24T05:00:00.000Z' },
      score: 20 - i,
      topic: TOPICS[i % TOPICS.length],
      highlights: Object.freeze(highlights) as Highlight[],
      why: `matched topic ${TOPICS[i % TOPICS.length]}: "model" in the abstract`,
    });
  });
  return {
    kind: 'daily',
    period: '2026-11-24',
    key: 'daily:2026-11-24',
    subscriber: { id: 1, email: 'ada@example.org', name: 'Ada', timezone: 'Europe/London' },
    at: '2026-11-24T07:00:00.000Z',
    sections: TOPICS.map((topic) => ({ topic, matches: matches.filter((m) => m.topic === topic) })),
    moreCount: 12,
  };
}
