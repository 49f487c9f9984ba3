// npx tsx bench/shared-pass.ts [--subscribers 2000] [--runs 2] [--json]
//
// Several `paperboy run` sharing one pass, against a local SMTP sink: first
// one run alone, then `--runs` of them started together on the same due
// editions. Prints each run's share (what it sent, of the pass's total), the
// pass's total and its wall time from the first start to the last exit,
// beside the single run's. Each run is its own process, started as a user
// (or cron on several hosts) would start it.

import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { stringify } from 'yaml';
import { openApp } from '../src/app.js';
import { startChild } from '../src/bench/child.js';
import { mulberry32, syntheticProfile } from '../src/bench/match.js';
import { childrenCpuMs } from '../src/bench/run-process.js';
import { SinkProcess } from '../src/bench/sink-process.js';
import { loadConfig } from '../src/config/index.js';
import { ingestDumps, type RunReport } from '../src/run/index.js';
import { bulkInsertSubscribers } from '../src/store/index.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number.parseInt(args[i + 1], 10) : fallback;
};
const subscribers = option('--subscribers', 2000);
const runs = option('--runs', 2);
if (!(subscribers > 0) || !(runs > 1)) {
  process.stderr.write('usage: npx tsx bench/shared-pass.ts [--subscribers 2000] [--runs 2] [--json]\n');
  process.exit(2);
}

const ROOT = resolve(import.meta.dirname, '..');
const AT = '2026-11-24T12:00:00Z';
const env = { ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('PAPERBOY_'))), PAPERBOY_SECRET: 'bench-secret-not-for-mail-0123456789', PAPERBOY_LOG_LEVEL: 'warn' };

interface Pass {
  ms: number;
  /** CPU time of all the pass's processes together, user and system. */
  cpuMs: number;
  reports: RunReport[];
}

/** `n` runs of `paperboy run` started together; the pass lasts from the first start to the last exit. */
async function pass(dir: string, n: number): Promise<Pass> {
  const started = performance.now();
  const cpuBefore = childrenCpuMs();
  const children = Array.from({ length: n }, () => startChild(join(ROOT, 'src/cli/bin.ts'), ['run', '--at', AT, '--json'], { cwd: dir, env }).done);
  const outcomes = await Promise.all(children);
  const ms = performance.now() - started;
  for (const outcome of outcomes) if (outcome.code !== 0) throw new Error(`a run exited with code ${outcome.code}: ${outcome.stderr.trim()}`);
  return { ms, cpuMs: childrenCpuMs() - cpuBefore, reports: outcomes.map((outcome) => JSON.parse(outcome.stdout) as RunReport) };
}

const dir = mkdtempSync(join(tmpdir(), 'paperboy-shared-'));
const sink = await new SinkProcess().start();
try {
  mkdirSync(join(dir, 'dumps'));
  const old = new Date(Date.now() - 60_000);
  for (const name of readdirSync(join(ROOT, 'examples/dumps')).filter((file) => file.endsWith('.txt'))) {
    cpSync(join(ROOT, 'examples/dumps', name), join(dir, 'dumps', name));
    utimesSync(join(dir, 'dumps', name), old, old);
  }
  writeFileSync(
    join(dir, 'paperboy.yaml'),
    stringify({ dumps: { dir: './dumps' }, store: { url: 'sqlite:./data/paperboy.db' }, delivery: { transport: sink.url, maxConnections: 5, rateLimit: 1_000_000 }, web: { publicUrl: 'https://papers.example.org' } }),
  );
  const app = await openApp(loadConfig({ cwd: dir, env }));
  const random = mulberry32(7);
  const inputs = Array.from({ length: subscribers }, (_, i) => ({
    email: `reader${i}@bench.example.org`, name: null, timezone: 'UTC', frequency: 'daily' as const, sendHour: null, sendWeekday: null, maxPapers: null, topics: syntheticProfile(random),
  }));
  await bulkInsertSubscribers(app.db, inputs, new Date());
  await ingestDumps({ db: app.db, dir: app.config.dumps.dir, now: new Date() });
  const forget = async () => {
    await app.db.deleteFrom('edition_papers').execute();
    await app.db.deleteFrom('edition_digests').execute();
    await app.db.deleteFrom('editions').execute();
  };

  const alone = await pass(dir, 1);
  await forget();
  const shared = await pass(dir, runs);
  await app.close();

  const total = shared.reports.reduce((sum, report) => sum + report.sent, 0);
  const rate = (sent: number, ms: number) => Math.round(sent / (ms / 1000));
  const result = {
    subscribers,
    alone: { sent: alone.reports[0].sent, ms: Math.round(alone.ms), perSecond: rate(alone.reports[0].sent, alone.ms), cpuMs: alone.cpuMs },
    shared: {
      runs: shared.reports.map((report) => ({ sent: report.sent, share: Math.round((report.sent / Math.max(1, total)) * 100) / 100, built: report.built, others: report.others, ms: report.stages.total })),
      sent: total,
      ms: Math.round(shared.ms),
      perSecond: rate(total, shared.ms),
      cpuMs: shared.cpuMs,
    },
  };
  if (args.includes('--json')) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else {
    process.stdout.write(`one run alone: ${result.alone.sent} sent in ${result.alone.ms} ms (${result.alone.perSecond}/s, process start included), ${result.alone.cpuMs} ms of CPU\n`);
    for (const [i, run] of result.shared.runs.entries()) process.stdout.write(`shared pass, run ${i + 1}: ${run.sent} sent (${Math.round(run.share * 100)} %), ${run.others} built by the others, ${run.ms} ms inside the run\n`);
    process.stdout.write(`shared pass: ${result.shared.sent} sent in ${result.shared.ms} ms from the first start to the last exit (${result.shared.perSecond}/s), ${result.shared.cpuMs} ms of CPU in all\n`);
  }
} finally {
  await sink.stop();
  rmSync(dir, { recursive: true, force: true });
}
