import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import type { BenchReport, CpuShare } from '../bench/index.js';
import { PaperboyError } from '../errors.js';
import { isPostgresUrl } from '../store-location.js';
import type { CommandContext } from './context.js';
import { positiveInt } from './options.js';
import { progressBar } from './progress.js';

// The sample dumps ship with the package; the bench draws its papers from them.
const SAMPLES = fileURLToPath(new URL('../../examples/dumps', import.meta.url));

export function registerBench(program: Command, context: CommandContext): void {
  program
    .command('bench')
    .description('measure ingest, match, render, raw SMTP, a whole run and a seed merge on a temporary store and a local SMTP sink')
    .option('--subscribers <n>', 'synthetic subscribers', (value) => positiveInt(value, '--subscribers'), 2000)
    .option('--papers <n>', 'papers (the sample dumps, repeated with varied titles)', (value) => positiveInt(value, '--papers'), 1000)
    .option('--history-days <n>', 'also time the run on a store holding that many days of sent daily digests, beside the fresh store', (value) => positiveInt(value, '--history-days'))
    .option('--shared-runs <n>', 'also start that many `paperboy run` together on the same due editions, and report each one\'s share', (value) => sharedRuns(value))
    .option('--json', 'print the figures as one JSON object')
    .option('--store <url>', 'run on PostgreSQL: the postgres:// URL of a new, empty database, which the bench fills (default: a SQLite file it removes)')
    .action(async (options: { subscribers: number; papers: number; json?: boolean; store?: string; historyDays?: number; sharedRuns?: number }) => {
      if (options.store !== undefined && !isPostgresUrl(options.store)) {
        throw new PaperboyError('PB_USAGE', '--store: give the postgres:// URL of a new, empty database (without --store the bench uses a SQLite file)');
      }
      const tty = !options.json && context.io.stderr.isTTY;
      let bar = null as ReturnType<typeof progressBar>;
      const { runBench } = await import('../bench/index.js');
      const report = await runBench({
        subscribers: options.subscribers,
        papers: options.papers,
        samplesDir: SAMPLES,
        store: options.store,
        historyDays: options.historyDays,
        sharedRuns: options.sharedRuns,
        log: context.log.child({}, { level: 'warn' }),
        onStage: (stage) => {
          bar?.done();
          bar = progressBar(context.io.stderr, `measuring ${stage}`);
          if (tty) context.io.stderr.write(`\r\x1b[2Kmeasuring ${stage}…`);
          else context.log.info({ stage }, 'measuring');
        },
        onProgress: (_stage, done, total) => bar?.update(done, total),
      });
      bar?.done();
      if (tty) context.io.stderr.write('\r\x1b[2K');
      if (options.json) context.printJson(report);
      else context.print(benchTable(report));
    });
}

function sharedRuns(value: string): number {
  const n = positiveInt(value, '--shared-runs');
  if (n < 2) throw new PaperboyError('PB_USAGE', `--shared-runs ${n}: a pass is shared by 2 runs or more`);
  return n;
}

/** CPU per message: ours (and our main thread's, where known), and the sink's; whichever nears the wall time per message is the bottleneck. */
function cpuShare(figures: CpuShare): string {
  const main = figures.mainThread ? `, main thread ${figures.mainThread.cpuMsPerMessage} ms (busy ${Math.round(figures.mainThread.busy * 100)} % of the command)` : '';
  return `${figures.kilobytesPerMessage} KB; CPU/msg ${figures.cpuMsPerMessage} ms${main}, sink ${figures.sinkCpuMsPerMessage} ms`;
}

export function benchTable(r: BenchReport): string {
  const rows: [string, string, string][] = [
    ['ingest', `${r.ingest.mbPerSecond} MB/s (${r.ingest.megabytes} MB in ${r.ingest.ms} ms)`, '≥ 20 MB/s'],
    ['match', `${r.match.ms} ms for ${r.match.subscribers} subscribers × ${r.match.papers} papers (index ${r.match.indexMs} ms)`, '100,000 × 1,000 ≤ 2 s'],
    ['learn', `${r.learn.readers} reader models from ${r.learn.votes} votes in ${r.learn.ms} ms (${r.learn.msPerReader} ms a reader), before the runs`, 'trained when votes change'],
    ['render', `${r.render.compiledPerSecond}/s compiled, ${r.render.mjmlPerSecond}/s MJML each time: ${r.render.ratio}×; ${r.render.htmlKilobytes} KB`, '≥ 2,000/s per core; ≥ 50×'],
    ['raw SMTP ceiling', `${r.raw.perSecond} msg/s (best of ${r.raw.rounds.join(', ')}; ${r.raw.messages} finished messages held in memory by a fresh process, plain nodemailer pool, timed from spawn to exit; first message after ${r.raw.firstMessageMs} ms)`, ''],
    ['raw from disk', `${r.rawFromDisk.perSecond} msg/s (best of ${r.rawFromDisk.rounds.join(', ')}; the ceiling before: .eml files re-sent, timed from the first send to the last)`, ''],
    ['our transport', `${r.smtp.perSecond} msg/s (best of ${r.smtp.rounds.join(', ')}; the same messages built into MIME on the way; ${cpuShare(r.smtp)})`, ''],
    ['whole run', `${r.run.perSecond} msg/s (\`paperboy run\` from spawn to exit, best of ${r.run.rounds.join(', ')}: ${r.run.messages} sent in ${r.run.ms} ms; ${cpuShare(r.run)}): ${r.run.ratioToRaw} of the raw ceiling (${r.run.ratioToRawFromDisk} of the one from disk, ${r.run.ratioToSmtp} of our transport)`, '≥ 0.90 of the raw ceiling'],
    ['once warm', `${r.run.warmPerSecond ?? '–'} msg/s over the later half of the run's messages, ${r.raw.warmPerSecond ?? '–'} over the raw send's: ${r.run.warmRatioToRaw ?? '–'} (the ratio without either command's start)`, ''],
    ...(r.history
      ? [['history', `${r.history.perSecond} msg/s (best of ${r.history.rounds.join(', ')}) on a store with ${r.history.days} days of sent digests (${r.history.editions} editions, filled in ${r.history.fillMs} ms; ${cpuShare(r.history)}): ${r.history.ratioToFresh} of the fresh store's run`, '≥ 0.90 of the fresh store'] as [string, string, string]]
      : []),
    ...(r.shared
      ? [['shared pass', `${r.shared.runs.length} runs together: ${r.shared.runs.map((run) => `${run.messages} (${Math.round(run.share * 100)} %) in ${run.ms} ms`).join(', ')}; ${r.shared.messages} in all in ${r.shared.ms} ms from the first start to the last exit (${r.shared.perSecond} msg/s, ${r.shared.cpuMs} ms of CPU)`, ''] as [string, string, string]]
      : []),
    ['first message', `${r.run.firstMessageMs.join(' and ')} ms after \`paperboy run\` started (the raw send's: ${r.raw.firstMessageMs} ms)`, '≤ 500 ms'],
    ['peak memory', `${r.run.peakRssMegabytes} MB RSS for \`paperboy run\` (${r.peakRssMegabytes} MB for the bench itself)`, '≤ 1 GB at 100,000'],
    ['seed merge', `${r.seed.entries} entries: YAML ${r.seed.yaml.megabytes} MB in ${r.seed.yaml.ms} ms, ${r.seed.yaml.peakRssMegabytes} MB RSS; CSV ${r.seed.csv.megabytes} MB in ${r.seed.csv.ms} ms, ${r.seed.csv.peakRssMegabytes} MB RSS`, '≤ 512 MB at 100,000'],
  ];
  const width = [Math.max(...rows.map((row) => row[0].length)), Math.max(...rows.map((row) => row[1].length))];
  const line = (row: [string, string, string]) => `${row[0].padEnd(width[0])}  ${row[1].padEnd(width[1])}  ${row[2]}`;
  return [
    `paperboy bench — ${r.subscribers} subscribers, ${r.papers} papers; ${r.machine.cpus} × ${r.machine.cpu}, Node ${r.machine.node}`,
    line(['stage', 'measured', 'target']),
    ...rows.map(line),
  ].join('\n');
}
