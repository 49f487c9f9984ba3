import type { Command } from 'commander';
import { allDue } from '../run/index.js';
import type { CommandContext } from './context.js';
import { parseInstant } from './options.js';

export function registerDue(program: Command, context: CommandContext): void {
  program
    .command('due')
    .description('which daily and weekly editions are due at an instant')
    .option('--at <iso>', 'the instant (default now)')
    .option('--json', 'print as JSON')
    .action(async (options: { at?: string; json?: boolean }) => {
      const plan = await context.withApp(async (app) => {
        const now = options.at ? parseInstant(options.at) : app.clock.now();
        return allDue(app.db, app.config, now);
      });
      for (const entry of plan.invalid) context.warn(`✗ ${entry.email}: ${entry.error.message}`);
      if (options.json) context.printJson(plan.due.map(({ email, kind, period }) => ({ email, kind, period })));
      else context.print(plan.due.length === 0 ? 'Nothing is due.' : plan.due.map((due) => `${due.kind}:${due.period}  ${due.email}  (slot ${due.slot.toISOString()})`).join('\n'));
    });
}
