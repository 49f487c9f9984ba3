import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openApp, type App } from '../../src/app.js';
import { resolveConfig, type Config } from '../../src/config/index.js';
import { PaperboyError } from '../../src/errors.js';
import type { Renderer } from '../../src/render/index.js';
import { ingestDumps } from '../../src/run/index.js';
import { upsertSubscribers, type SubscriberInput } from '../../src/store/index.js';
import { copyDumps, sampleDumpFiles, tempDir } from './temp.js';

export const TEST_SECRET = 'test-secret-0123456789abcdef0123456789abcdef';

const TOPICS = [
  'Diffusion: "diffusion model"',
  'RL: "reinforcement learning"',
  'LLMs: "large language model" OR LLM',
  'OOD: "out-of-distribution" OR OOD',
  'Data: dataset (distillation OR selection OR pruning)',
];

/** `n` daily subscribers in a few zones, each with two topics that match the sample dumps. */
export function makeSubscribers(n: number, overrides: Partial<SubscriberInput> = {}): SubscriberInput[] {
  const zones = ['Europe/London', 'America/New_York', 'Asia/Kolkata', 'UTC'];
  return Array.from({ length: n }, (_, i) => ({
    email: `reader${i}@example.org`,
    name: `Reader ${i}`,
    timezone: zones[i % zones.length],
    frequency: 'daily' as const,
    sendHour: null,
    sendWeekday: null,
    maxPapers: null,
    topics: [TOPICS[i % TOPICS.length], TOPICS[(i + 2) % TOPICS.length]].map((line) => {
      const [name, query] = line.split(': ');
      return { name, query };
    }),
    ...overrides,
  }));
}

export interface TestAppOptions {
  transport?: string;
  subscribers?: SubscriberInput[];
  maxConnections?: number;
  /** Ingest the sample dumps before the test (default true). */
  ingest?: boolean;
  dir?: string;
}

/** A real app on a temporary SQLite file, with the sample dumps ingested and the given subscribers. */
export async function testApp(options: TestAppOptions = {}): Promise<{ app: App; config: Config; dir: string }> {
  const dir = options.dir ?? tempDir();
  mkdirSync(join(dir, 'dumps'), { recursive: true });
  const config = resolveConfig(
    {
      dumps: { dir: './dumps' },
      store: { url: 'sqlite:./data/paperboy.db' },
      delivery: { transport: options.transport ?? 'file:./outbox', maxConnections: options.maxConnections ?? 4, rateLimit: 10_000 },
      // Real mail must link to a public https site (deliver/public-url.ts); the file outbox keeps the demo's default.
      ...(options.transport?.startsWith('smtp') ? { web: { publicUrl: 'https://papers.example.org' } } : {}),
    },
    { source: null, baseDir: dir, env: { PAPERBOY_SECRET: TEST_SECRET } },
  );
  const app = await openApp(config);
  if (options.ingest !== false) {
    copyDumps(sampleDumpFiles(), join(dir, 'dumps'));
    await ingestDumps({ db: app.db, dir: config.dumps.dir, now: new Date('2026-11-23T12:00:00Z') });
  }
  if (options.subscribers) await upsertSubscribers(app.db, options.subscribers, { now: new Date('2026-11-20T00:00:00Z'), status: 'active' });
  return { app, config, dir };
}

/** `renderer`, but a digest for `email` fails as a custom template naming a field it lacks would. */
export function failingFor(renderer: Renderer, email: string): Renderer {
  return {
    messageId: (digest) => renderer.messageId(digest),
    render: (digest, options) => {
      if (digest.subscriber.email === email) throw new PaperboyError('PB_TEMPLATE', 'daily.mjml: "paper.nothing" not defined in paper — check the field names against the built-in templates');
      return renderer.render(digest, options);
    },
  };
}
