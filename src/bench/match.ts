// The match benchmark: index a batch of papers and match every subscriber's
// topics against it, as a scheduled run does. Target (DESIGN.md): 100,000
// subscribers × 1,000 papers in ≤ 2 s. Synthetic subscribers hold 2–3 of ~80
// common research topics, a fifth of them varied (an exclusion, a field, an
// extra alternative); papers are real samples repeated with varied titles.
// `bench/match.ts` runs it from the command line; `paperboy bench` calls it.
import { performance } from 'node:perf_hooks';
import { buildIndex, createMatcher } from '../match/index.js';
import type { Paper, Topic } from '../types.js';

export interface BenchMatchOptions {
  subscribers: number;
  papers: number;
  /** Real titles and abstracts; repeated (with varied titles) up to `papers`. */
  samples: readonly { title: string; abstract: string }[];
  /** Matches returned per subscriber, as a digest's maxPapers (the rest are only counted). */
  limit?: number;
  /** Seed for the synthetic profiles, so runs are comparable. */
  seed?: number;
}

export interface BenchMatchResult {
  subscribers: number;
  papers: number;
  topics: number;
  distinctQueries: number;
  indexMs: number;
  matchMs: number;
  totalMs: number;
  /** CPU time of the process over the same span (GC threads included): less swayed by other load. */
  cpuMs: number;
  limit: number | null;
  /** Papers matched, summed over subscribers (before the limit). */
  matches: number;
  /** Matches returned with highlights, summed over subscribers. */
  returned: number;
  matchesPerSubscriber: number;
  subscribersPerSecond: number;
}

const COMMON_TOPICS: readonly (readonly [string, string])[] = [
  ['Diffusion', '"diffusion model"'],
  ['LLMs', 'LLM OR "large language model"'],
  ['RL', '"reinforcement learning"'],
  ['Quantization', 'quantiz*'],
  ['Speculative decoding', '"speculative decoding"'],
  ['Transformers', 'transformer'],
  ['Vision transformers', '"vision transformer" OR ViT'],
  ['OOD', '"out-of-distribution" OR OOD'],
  ['Code generation', '"code generation" OR (code LLM)'],
  ['Instruction tuning', '"instruction tuning" OR "instruction-tuned"'],
  ['Data selection', '"data selection" OR "data pruning"'],
  ['Optimal transport', '"optimal transport"'],
  ['Contrastive', 'contrastive'],
  ['Video', 'video (generation OR segmentation OR understanding)'],
  ['Segmentation', 'segment*'],
  ['Robotics', 'robot* OR manipulation'],
  ['Graphs', '"graph neural network" OR GNN'],
  ['Federated', 'federated'],
  ['Privacy', '"differential privacy" OR "differentially private"'],
  ['Fairness', 'fairness OR bias'],
  ['Causal', 'causal*'],
  ['Interpretability', 'interpretab* OR explainab*'],
  ['Benchmarks', 'title:benchmark'],
  ['Scaling laws', '"scaling law"'],
  ['Pretraining', 'pretraining OR "pre-training"'],
  ['Fine-tuning', '"fine-tuning" OR LoRA'],
  ['KV cache', '"KV cache"'],
  ['Compression', 'compression OR pruning OR distillation'],
  ['Efficient inference', 'efficient inference'],
  ['Retrieval', 'retrieval OR RAG'],
  ['Reasoning', 'reasoning'],
  ['Math', 'mathematical reasoning'],
  ['Agents', 'agent*'],
  ['Multimodal', 'multimodal OR "vision-language"'],
  ['Speech', 'speech OR audio'],
  ['Music', 'music'],
  ['3D', '"3D" OR "point cloud"'],
  ['Medical', 'medical OR clinical'],
  ['Protein', 'protein'],
  ['Chemistry', 'molecul* OR chemistry'],
  ['Time series', '"time series"'],
  ['Recommendation', 'recommend*'],
  ['Imitation learning', '"imitation learning"'],
  ['Offline RL', '"offline RL" OR "offline reinforcement learning"'],
  ['Continual learning', '"continual learning" OR "catastrophic forgetting"'],
  ['Meta-learning', 'meta-learning'],
  ['Few-shot', '"few-shot" OR "zero-shot"'],
  ['Self-supervised', '"self-supervised"'],
  ['Generative models', 'generative model'],
  ['GANs', 'GAN OR "generative adversarial"'],
  ['VAEs', 'VAE OR "variational autoencoder"'],
  ['Normalizing flows', '"normalizing flow"'],
  ['Sampling', 'sampling'],
  ['Optimization', 'optimiz* (convergence OR gradient)'],
  ['SGD', '"stochastic gradient descent" OR SGD'],
  ['Generalization', 'generalization'],
  ['Robustness', 'robust* adversarial'],
  ['Uncertainty', 'uncertainty OR calibration'],
  ['Bayesian', 'bayesian'],
  ['Kernels', 'kernel'],
  ['Theory', 'theoretical OR theorem OR bound'],
  ['Bandits', 'bandit*'],
  ['Matching', 'title:matching'],
  ['Curriculum', 'curriculum'],
  ['Tokenization', 'tokeniz* OR tokenizer'],
  ['Embeddings', 'embedding*'],
  ['Attention', 'attention -survey'],
  ['State space models', '"state space model" OR Mamba'],
  ['Mixture of experts', '"mixture of experts" OR MoE'],
  ['Alignment', 'alignment OR RLHF OR "preference optimization"'],
  ['Safety', 'safety OR jailbreak'],
  ['Hallucination', 'hallucinat*'],
  ['Evaluation', 'evaluation title:(benchmark OR evaluation)'],
  ['Datasets', 'title:dataset'],
  ['Document AI', 'document (extraction OR understanding)'],
  ['OCR', 'OCR OR "text recognition"'],
  ['Image generation', '"text-to-image"'],
  ['Editing', '"image editing" OR "video editing"'],
  ['Super-resolution', '"super-resolution"'],
  ['Neural networks', '"neural network"'],
];

const EXCLUSIONS = ['audio', 'video', 'survey', 'medical', 'robot', 'speech', 'graph', 'language', 'image'];
const TITLE_OPENERS = ['Revisiting', 'Towards', 'On', 'Scaling', 'Rethinking', 'Beyond', 'Understanding'];

export function benchMatch(options: BenchMatchOptions): BenchMatchResult {
  const random = mulberry32(options.seed ?? 1);
  const papers = syntheticPapers(options.samples, options.papers, random);
  const profiles = Array.from({ length: options.subscribers }, () => syntheticProfile(random));

  const cpuStarted = process.cpuUsage();
  const started = performance.now();
  const index = buildIndex(papers);
  const indexed = performance.now();
  const matcher = createMatcher(index);
  const limit = options.limit ?? 20;
  let matches = 0;
  let returned = 0;
  for (const topics of profiles) {
    const result = matcher.matchTopics(topics, { limit });
    matches += result.total;
    returned += result.matches.length;
  }
  const finished = performance.now();
  const cpu = process.cpuUsage(cpuStarted);

  const topics = profiles.reduce((total, topics) => total + topics.length, 0);
  const distinctQueries = new Set(profiles.flatMap((topics) => topics.map((topic) => topic.query))).size;
  return {
    subscribers: options.subscribers,
    papers: papers.length,
    topics,
    distinctQueries,
    indexMs: round(indexed - started),
    matchMs: round(finished - indexed),
    totalMs: round(finished - started),
    cpuMs: round((cpu.user + cpu.system) / 1000),
    limit: Number.isFinite(limit) ? limit : null,
    matches,
    returned,
    matchesPerSubscriber: round(matches / Math.max(1, options.subscribers)),
    subscribersPerSecond: Math.round(options.subscribers / ((finished - started) / 1000)),
  };
}

function syntheticPapers(
  samples: BenchMatchOptions['samples'],
  count: number,
  random: () => number,
): Paper[] {
  return Array.from({ length: count }, (_, i) => {
    const sample = samples[i % samples.length];
    const round = Math.floor(i / samples.length);
    const opener = TITLE_OPENERS[(round - 1) % TITLE_OPENERS.length];
    const title = round === 0 ? sample.title : `${opener} ${sample.title} (${round})`;
    const day = 1 + Math.floor(random() * 28);
    return {
      id: `bench-${i}`,
      title,
      abstract: sample.abstract,
      authorsCount: null,
      authors: [],
      publishedAt: `2026-02-${String(day).padStart(2, '0')}`,
      upvotes: Math.floor(random() * 200),
      url: null,
      arxivId: null,
      firstSeenAt: '2026-03-01T07:00:00.000Z',
    };
  });
}

/** 2–3 common topics, some varied by an exclusion, a field, or an extra alternative. */
export function syntheticProfile(random: () => number): Topic[] {
  const count = 2 + Math.floor(random() * 2);
  return Array.from({ length: count }, () => {
    const [name, base] = pick(COMMON_TOPICS, random);
    const query = vary(base, random);
    return random() < 0.5 ? { name, query } : { name: query, query };
  });
}

function vary(query: string, random: () => number): string {
  const roll = random();
  if (roll < 0.1) return `${query} -${pick(EXCLUSIONS, random)}`;
  if (roll < 0.15) return `title:(${query})`;
  if (roll < 0.2) return `(${query}) OR ${pick(COMMON_TOPICS, random)[1]}`;
  return query;
}

function pick<T>(list: readonly T[], random: () => number): T {
  return list[Math.floor(random() * list.length)];
}

/** A small seeded generator: the same seed gives the same profiles on every run. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/** The figures as a small table, for people. */
export function matchBenchTable(result: BenchMatchResult): string {
  const rows: [string, string][] = [
    ['subscribers', result.subscribers.toLocaleString('en')],
    ['papers', result.papers.toLocaleString('en')],
    ['topics (distinct queries)', `${result.topics.toLocaleString('en')} (${result.distinctQueries})`],
    ['buildIndex', `${result.indexMs} ms`],
    ['match every subscriber', `${result.matchMs} ms`],
    ['total', `${result.totalMs} ms (target ≤ 2000 ms)`],
    ['CPU time', `${result.cpuMs} ms`],
    ['matches per subscriber', `${result.matchesPerSubscriber} (best ${result.limit ?? 'all'} returned)`],
    ['subscribers per second', result.subscribersPerSecond.toLocaleString('en')],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n');
}
