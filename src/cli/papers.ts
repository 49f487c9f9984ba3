import type { Command } from 'commander';
import { listPapers } from '../store/index.js';
import type { Paper } from '../types.js';
import type { CommandContext } from './context.js';
import { parseInstant, positiveInt } from './options.js';

export function registerPapers(program: Command, context: CommandContext): void {
  program
    .command('papers')
    .description('list stored papers, newest first')
    .option('--since <date>', 'only papers first seen on or after this date (YYYY-MM-DD or ISO instant)')
    .option('--limit <n>', 'at most this many', (value) => positiveInt(value, '--limit'))
    .option('--json', 'print as JSON')
    .action(async (options: { since?: string; limit?: number; json?: boolean }) => {
      const since = options.since ? parseInstant(options.since, '--since').toISOString() : undefined;
      const papers = await context.withApp((app) => listPapers(app.db, { since, limit: options.limit }));
      if (options.json) context.printJson(papers.map(paperJson));
      else context.print(papers.length === 0 ? 'No papers stored yet: run "paperboy ingest".' : papers.map(paperLine).join('\n'));
    });
}

export function paperJson(paper: Paper) {
  const { id, title, abstract, authors, authorsCount, publishedAt, upvotes, url, arxivId, firstSeenAt } = paper;
  return { id, title, abstract, authors, authorsCount, publishedAt, upvotes, url, arxivId, firstSeenAt };
}

function paperLine(paper: Paper): string {
  const meta = [paper.publishedAt, paper.upvotes !== null ? `▲${paper.upvotes}` : null, paper.authorsCount !== null ? `${paper.authorsCount} authors` : null]
    .filter(Boolean)
    .join(' · ');
  return `${paper.id}  ${paper.title}${meta ? `  (${meta})` : ''}`;
}
