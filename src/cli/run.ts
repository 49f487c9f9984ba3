import type { Command } from 'commander';
import { runOnce, type RunReport } from '../run/index.js';
import type { CommandContext } from './context.js';
import { parseInstant } from './options.js';
import { progressBar } from './progress.js';

export function registerRun(program: Command, context: CommandContext): void {
  program
    .command('run')
    .description('ingest, then build and deliver every due edition, once')
    .option('--at <iso>', "the schedule's clock: which editions are due (default now)")
    .option('--dry-run', 'build and render everything, send and record nothing')
    .option('--plan-only', 'build and plan every due edition, send nothing: `paperboy worker` sends them')
    .option('--json', 'print the report as JSON')
    .action(async (options: { at?: string; dryRun?: boolean; planOnly?: boolean; json?: boolean }) => {
      const report = await context.withApp(async (app) => {
        const transport = app.transport();
        // The SMTP thread loads while the templates compile and the store is read, not after.
        if (!options.dryRun && !options.planOnly) transport.prepare?.();
        const renderer = await app.renderer();
        const bar = options.json ? null : progressBar(context.io.stderr, 'editions');
        // No scheduler lease: any number of runs, and a scheduler, share a
        // pass, each building and sending the editions it claims.
        try {
          return await runOnce(app, {
            at: options.at ? parseInstant(options.at) : app.clock.now(),
            dryRun: options.dryRun,
            send: !options.planOnly,
            renderer,
            transport,
            onProgress: bar?.update,
          });
        } finally {
          bar?.done();
        }
      });
      if (options.json) context.printJson(report);
      else context.print(runSummary(report));
      if (report.retry > 0 || report.unknown > 0 || report.transportError) context.exitCode = 1;
    });
}

export function runSummary(report: RunReport): string {
  const lines: string[] = [];
  if (report.dryRun) lines.push('Dry run: nothing was sent or recorded; new dumps were not ingested.');
  else lines.push(`Ingest: ${report.ingest.dumps} dump(s), ${report.ingest.papers} papers, ${report.ingest.new} new.`);
  for (const error of report.ingest.errors) lines.push(`  ✗ ${error}`);
  for (const path of report.ingest.waiting) lines.push(`  – ${path}: still being written; the next run or ingest takes it`);
  lines.push(`Due: ${report.due} edition(s)${report.alerts ? ` and ${report.alerts} alert(s)` : ''} at ${report.at}.`);
  if (report.dryRun) lines.push(`Would send ${report.built}; ${report.empty} empty.`);
  else if (report.planOnly) lines.push(`Planned ${report.built} for "paperboy worker" to send; ${report.empty} empty (nothing new to send).`);
  else {
    lines.push(`Sent ${report.sent}${report.resent ? ` (${report.resent} left waiting by earlier runs)` : ''}; ${report.empty} empty (nothing new to send); ${report.retry} waiting to retry; ${report.failed} failed permanently.`);
  }
  if (report.others > 0) lines.push(`${report.others} due edition(s) were built by other processes sharing this pass.`);
  if (report.tookOver > 0) lines.push(`Took over the work of ${report.tookOver} process(es) found dead (killed, or their host gone).`);
  if (report.unknown > 0) lines.push(`${report.unknown} delivery(ies) were interrupted mid-send by an earlier crash: they may or may not have arrived. "paperboy deliveries --state unknown" lists them; "paperboy deliveries retry --unknown" resends them.`);
  if (report.retry > 0) lines.push('Deliveries waiting to retry go out with the next run (or "paperboy deliveries retry").');
  for (const entry of report.invalid) lines.push(`  ✗ ${entry.email}: ${entry.error}`);
  if (report.transportError) lines.push(`✗ Could not deliver: ${report.transportError}`);
  const s = report.stages;
  lines.push(`Time: ingest ${s.ingest} ms, match ${s.match} ms, render ${s.render} ms, deliver ${s.deliver} ms, total ${s.total} ms.`);
  return lines.join('\n');
}
