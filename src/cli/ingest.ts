import type { Command } from 'commander';
import type { FieldCut } from '../ingest/index.js';
import { indexRecentPapers, ingestDumps, type IngestReport } from '../run/index.js';
import type { CommandContext } from './context.js';

export function registerIngest(program: Command, context: CommandContext): void {
  program
    .command('ingest')
    .description('ingest dumps (default: every new file in the configured dumps folder, then the configured sources)')
    .argument('[files...]', 'dump files, or feed URLs to fetch once (to try one before it goes in sources:)')
    .option('--json', 'print the report as JSON')
    .action(async (files: string[], options: { json?: boolean }) => {
      const report = await context.withApp(async (app) => {
        const ingested = await ingestDumps({ db: app.db, files, dir: app.config.dumps.dir, now: app.clock.now(), cwd: context.io.cwd, sources: app.sources });
        // Indexed now, so that the next run starts matching at once.
        if (ingested.papers > 0) await indexRecentPapers(app);
        return ingested;
      });
      if (options.json) context.printJson(ingestJson(report));
      else context.print(ingestSummary(report));
      if (report.dumps.some((dump) => dump.error)) context.exitCode = 1;
    });
}

/** The documented `--json` shape: nothing more, nothing less. */
export function ingestJson(report: IngestReport): unknown {
  return {
    dumps: report.dumps.map(({ path, format, papers, new: fresh, skipped, error, cuts }) => ({
      path,
      format,
      papers,
      new: fresh,
      skipped,
      error,
      cuts: cuts.map(({ line, title, field, length, limit }) => ({ line, title, field, length, limit })),
    })),
    papers: report.papers,
    new: report.new,
  };
}

export function ingestSummary(report: IngestReport): string {
  if (report.dumps.length === 0) return 'No dumps to ingest.';
  const lines = report.dumps.flatMap((dump) => {
    if (dump.error) return [`✗ ${dump.error}`];
    if (dump.skipped) return [`– ${dump.path}: skipped, ${dump.skipped}`];
    return [`✓ ${dump.path}: ${dump.papers} papers (${dump.new} new), ${dump.format}`, ...dump.cuts.map((cut) => `  ${cutLine(dump.path, cut)}`)];
  });
  const failed = report.dumps.filter((dump) => dump.error).length;
  lines.push(`${report.papers} papers read, ${report.new} new${failed ? `; ${failed} dump${failed > 1 ? 's' : ''} or source${failed > 1 ? 's' : ''} could not be read and changed nothing` : ''}.`);
  return lines.join('\n');
}

/** `dumps/a.json line 3: the abstract of "Title" had 1,280,027 characters; cut to 20,000`. */
export function cutLine(path: string, cut: FieldCut): string {
  const title = cut.title.length > 80 ? `${cut.title.slice(0, 79)}…` : cut.title;
  if (cut.field === 'authors') return `${path} line ${cut.line}: "${title}" named ${cut.length.toLocaleString('en-US')} authors; the first ${cut.limit.toLocaleString('en-US')} are kept`;
  const what = cut.field === 'url' ? 'dropped (a cut URL leads elsewhere)' : `cut to ${cut.limit.toLocaleString('en-US')} at a word boundary`;
  return `${path} line ${cut.line}: the ${cut.field} of "${title}" had ${cut.length.toLocaleString('en-US')} characters; ${what}`;
}
