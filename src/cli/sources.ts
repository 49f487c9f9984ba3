import type { Command } from 'commander';
import { sourceStates } from '../store/index.js';
import type { CommandContext } from './context.js';

/** One configured source in `sources --json`: its last fetch, or nulls and zeros before the first. */
export interface SourceLine {
  url: string;
  name: string | null;
  lastFetchAt: string | null;
  status: number | null;
  papers: number;
  new: number;
  error: string | null;
}

export function registerSources(program: Command, context: CommandContext): void {
  program
    .command('sources')
    .description("list the configured feeds with their last fetch: when, the HTTP status, papers and new papers")
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }) => {
      const lines = await context.withApp(async (app) => {
        const states = await sourceStates(app.db);
        return app.config.sources.map((source): SourceLine => {
          const state = states.get(source.url);
          return {
            url: source.url,
            name: source.name,
            lastFetchAt: state?.fetchedAt ?? null,
            status: state?.status ?? null,
            papers: state?.papers ?? 0,
            new: state?.newPapers ?? 0,
            error: state?.error ?? null,
          };
        });
      });
      if (options.json) context.printJson(lines);
      else context.print(lines.length === 0 ? 'No sources configured: add feed URLs under "sources:" in the config.' : lines.map(sourceText).join('\n'));
    });
}

function sourceText(line: SourceLine): string {
  const label = line.name ? `${line.name} (${line.url})` : line.url;
  if (line.lastFetchAt === null) return `– ${label}: not fetched yet`;
  const status = line.status === null ? 'no answer' : `HTTP ${line.status}`;
  if (line.error) return `✗ ${label}: ${line.lastFetchAt}, ${status}: ${line.error}`;
  return `✓ ${label}: ${line.lastFetchAt}, ${status}, ${line.papers} papers (${line.new} new)`;
}
