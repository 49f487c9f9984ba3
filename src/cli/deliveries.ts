import type { Command } from 'commander';
import { retryDeliveries } from '../run/index.js';
import { withSchedulerLease } from '../schedule/index.js';
import { listEditions, type DeliveryState, type Edition } from '../store/index.js';
import type { CommandContext } from './context.js';
import { oneOf } from './options.js';

const STATES = ['empty', 'planned', 'sending', 'sent', 'retry', 'failed', 'unknown'] as const;

export function registerDeliveries(program: Command, context: CommandContext): void {
  const deliveries = program
    .command('deliveries')
    .description('list deliveries (one per edition) with their state and last SMTP answer')
    .option('--state <state>', `only this state: ${STATES.join(', ')}`, oneOf(STATES, '--state'))
    .option('--json', 'print as JSON')
    .action(async (options: { state?: DeliveryState; json?: boolean }) => {
      const list = await context.withApp((app) => listEditions(app.db, { state: options.state }));
      if (options.json) context.printJson(list.map(deliveryJson));
      else context.print(list.length === 0 ? 'No deliveries.' : list.map(deliveryLine).join('\n'));
    });

  deliveries
    .command('retry')
    .description('resend deliveries in retry or failed state; with --unknown, those interrupted by a crash')
    .option('--unknown', 'resend the deliveries left unknown by a crash (they may have arrived once already)')
    .option('--json', 'print the report as JSON')
    .action(async (_options: unknown, command: Command) => {
      // `--json` after `retry` lands on the parent `deliveries` command too.
      const options = command.optsWithGlobals() as { unknown?: boolean; json?: boolean };
      const report = await context.withApp(async (app) => {
        const renderer = await app.renderer();
        return withSchedulerLease(app, () => retryDeliveries(app, { unknown: options.unknown ?? false, renderer, transport: app.transport() }));
      });
      if (options.json) context.printJson(report);
      else context.print(`Resent ${report.requeued}: ${report.sent} sent, ${report.retry} waiting to retry, ${report.failed} failed.`);
      if (report.retry > 0) context.exitCode = 1;
    });
}

function deliveryJson(edition: Edition) {
  return {
    email: edition.email,
    kind: edition.kind,
    period: edition.period,
    state: edition.state,
    attempts: edition.attempts,
    lastCode: edition.lastCode,
    lastResponse: edition.lastResponse,
    lastCommand: edition.lastCommand,
    dsnStatus: edition.dsnStatus,
    messageId: edition.messageId,
    updatedAt: edition.updatedAt,
  };
}

function deliveryLine(edition: Edition): string {
  const answer = edition.lastCode || edition.lastResponse ? `  ${[edition.lastCommand, edition.dsnStatus, edition.lastCode, edition.lastResponse].filter(Boolean).join(' ')}` : '';
  return `${edition.state.padEnd(8)} ${edition.kind}:${edition.period}  ${edition.email}  attempts ${edition.attempts}${answer}`;
}
