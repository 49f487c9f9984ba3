import type { Command } from 'commander';
import { buildIndex, expandAcronyms, expansionsIn, learnAcronyms, matchQuery } from '../match/index.js';
import { parseQuery } from '../query/index.js';
import { listPapers } from '../store/index.js';
import type { Highlight, Match } from '../types.js';
import type { CommandContext } from './context.js';
import { positiveInt } from './options.js';

export function registerMatch(program: Command, context: CommandContext): void {
  program
    .command('match')
    .description('which stored papers a query matches, ranked, with the matched words marked')
    .argument('<query>', 'a query in the profile language, e.g. \'"diffusion model" -audio\'')
    .option('--limit <n>', 'at most this many', (value) => positiveInt(value, '--limit'), 20)
    .option('--json', 'print as JSON')
    .action(async (text: string, options: { limit: number; json?: boolean }) => {
      const query = parseQuery(text);
      const papers = await context.withApp((app) => listPapers(app.db));
      const acronyms = learnAcronyms(papers);
      const expansions = expansionsIn(expandAcronyms(query, acronyms));
      const matches = matchQuery(buildIndex(papers), query, { acronyms }).slice(0, options.limit);
      if (options.json) {
        context.printJson(matches.map(({ paper, score, highlights, why }) => ({ id: paper.id, title: paper.title, abstract: paper.abstract, score, highlights, why })));
        return;
      }
      if (expansions.length > 0) context.print(`Also searched, as the papers spell it out: ${expansions.join('; ')}\n`);
      if (matches.length === 0) {
        context.print(`No stored paper matches ${text} (${papers.length} papers searched).`);
        return;
      }
      const bold = context.io.stdout.isTTY ? (s: string) => `\x1b[1m${s}\x1b[22m` : (s: string) => `**${s}**`;
      context.print(matches.map((match, i) => matchLines(match, i + 1, bold)).join('\n\n'));
    });
}

function matchLines(match: Match, rank: number, bold: (s: string) => string): string {
  const title = mark(match.paper.title, match.highlights.filter((h) => h.field === 'title'), bold);
  const snippet = abstractSnippet(match, bold);
  return [`${rank}. ${title}  (score ${match.score.toFixed(2)})`, snippet ? `   ${snippet}` : null, `   ${match.why}`].filter(Boolean).join('\n');
}

function abstractSnippet(match: Match, bold: (s: string) => string): string {
  const spans = match.highlights.filter((h) => h.field === 'abstract');
  if (spans.length === 0) return '';
  const text = match.paper.abstract;
  const start = Math.max(0, text.lastIndexOf(' ', Math.max(0, spans[0].start - 80)) + 1);
  const end = Math.min(text.length, spans[0].end + 160);
  const inside = spans.filter((h) => h.start >= start && h.end <= end).map((h) => ({ ...h, start: h.start - start, end: h.end - start }));
  return `${start > 0 ? '…' : ''}${mark(text.slice(start, end), inside, bold)}${end < text.length ? '…' : ''}`;
}

function mark(text: string, spans: Highlight[], bold: (s: string) => string): string {
  let out = '';
  let at = 0;
  for (const span of spans) {
    out += text.slice(at, span.start) + bold(text.slice(span.start, span.end));
    at = span.end;
  }
  return out + text.slice(at);
}
