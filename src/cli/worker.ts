import type { Command } from 'commander';
import { PaperboyError } from '../errors.js';
import { runWorker, type WorkerReport } from '../run/index.js';
import type { CommandContext } from './context.js';
import { stopped } from './web.js';

export function registerWorker(program: Command, context: CommandContext): void {
  program
    .command('worker')
    .description('send planned editions until stopped (SIGTERM or Ctrl-C); any number, on any hosts, beside `paperboy run` and `start`')
    .option('--idle <seconds>', 'how long to wait between looks when nothing is waiting to be sent', '2')
    .option('--json', 'print the report as JSON when stopped')
    .action(async (options: { idle: string; json?: boolean }) => {
      const idle = Number(options.idle);
      if (!Number.isFinite(idle) || idle <= 0) throw new PaperboyError('PB_USAGE', `--idle ${options.idle}: not a number of seconds — give one above 0, e.g. --idle 2`);
      const report = await context.withApp(async (app) => {
        const renderer = await app.renderer();
        const transport = app.transport();
        const abort = new AbortController();
        void stopped().then(() => abort.abort());
        try {
          return await runWorker(app, { renderer, transport, signal: abort.signal, idleMs: idle * 1000 });
        } finally {
          app.log.info('stopped');
        }
      });
      if (options.json) context.printJson(report);
      // A stop on SIGTERM is the worker's normal end: what waits is in the store and the log.
      else context.print(workerSummary(report));
    });
}

function workerSummary(report: WorkerReport): string {
  const lines = [`Sent ${report.sent}; ${report.retry} waiting to retry; ${report.failed} failed permanently.`];
  if (report.unknown > 0) lines.push(`${report.unknown} delivery(ies) were interrupted mid-send: they may or may not have arrived. "paperboy deliveries retry --unknown" resends them.`);
  if (report.storeErrors > 0) lines.push(`The store failed ${report.storeErrors} time(s) under the worker; see the log.`);
  return lines.join('\n');
}
