import type { Command } from 'commander';
import { ingestDumps, type IngestReport } from '../ingest/index.js';
import type { CommandContext } from './context.js';

export function registerIngest(program: Command, context: CommandContext): void {
  program
    .command('ingest')
    .description('ingest dumps (default: every new file in the configured dumps folder, then the configured sources)')
    .argument('[files...]', 'dump files to ingest')
    .option('--json', 'print the report as JSON')
    .action(async (files: string[], options: { json?: boolean }) => {
      const report = await context.withApp((app) =>
        ingestDumps({ db: app.db, files, dir: app.config.dumps.dir, now: app.clock.now(), cwd: context.io.cwd, sources: app.sources }),
      );
      if (options.json) context.printJson(ingestJson(report));
      else context.print(ingestSummary(report));
      if (report.dumps.some((dump) => dump.error)) context.exitCode = 1;
    });
}

/** The documented `--json` shape: nothing more, nothing less. */
export function ingestJson(report: IngestReport): unknown {
  return {
    dumps: report.dumps.map(({ path, format, papers, new: fresh, skipped, error }) => ({ path, format, papers, new: fresh, skipped, error })),
    papers: report.papers,
    new: report.new,
  };
}

export function ingestSummary(report: IngestReport): string {
  if (report.dumps.length === 0) return 'No dumps to ingest.';
  const lines = report.dumps.map((dump) => {
    if (dump.error) return `✗ ${dump.error}`;
    if (dump.skipped) return `– ${dump.path}: skipped, ${dump.skipped}`;
    return `✓ ${dump.path}: ${dump.papers} papers (${dump.new} new), ${dump.format}`;
  });
  const failed = report.dumps.filter((dump) => dump.error).length;
  lines.push(`${report.papers} papers read, ${report.new} new${failed ? `; ${failed} dump${failed > 1 ? 's' : ''} or source${failed > 1 ? 's' : ''} could not be read and changed nothing` : ''}.`);
  return lines.join('\n');
}
