import type { Command } from 'commander';
import type { BouncePassReport } from '../deliver/bounce-mailbox.js';
import { PaperboyError } from '../errors.js';
import type { CommandContext } from './context.js';

export function registerBounces(program: Command, context: CommandContext): void {
  program
    .command('bounces')
    .description('one pass over the bounce mailbox: later bounces fail their delivery, complaints and unsubscribe mails unsubscribe')
    .option('--json', 'print the report as JSON')
    .action(async (options: { json?: boolean }) => {
      const report = await context.withApp(async (app) => {
        const pass = app.bounceMailbox();
        if (!pass) {
          throw new PaperboyError('PB_CONFIG_KEY', 'bounces.imap: no bounce mailbox is configured — set bounces.imap (or PAPERBOY_BOUNCE_IMAP_URL) to the mailbox your bounces+…@ address delivers to, e.g. imaps://user:pass@mail.example.org/INBOX');
        }
        return pass();
      });
      if (options.json) context.printJson(report);
      else context.print(reportLines(report));
    });
}

function reportLines(report: BouncePassReport): string {
  const lines = [
    `${report.mailbox}: ${count(report.read, 'new mail')} — ${report.bounce} bounced, ${report.delay} delayed, ${count(report.complaint, 'complaint')}, ${count(report.unsubscribe, 'unsubscribe mail')}, ${report.left.length} left for a person${report.seenBefore ? `, ${report.seenBefore} handled before (moved now)` : ''}`,
    ...report.suppressed.map((entry) => `  suppressed ${entry.email}: ${entry.reason}`),
    ...report.left.map((entry) => `  left: "${entry.subject}" from ${entry.from} (${entry.reason})`),
  ];
  return lines.join('\n');
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
