import type { Command } from 'commander';
import type { RunReport } from '../run/index.js';
import { LEASE_NAME, nextSlot } from '../schedule/index.js';
import { countEditionsByState, countMailEvents, lastIngest, lastRun, leaseHolder, listRunners, listSchedules, listSuppressions } from '../store/index.js';
import { suppressionText } from './subscribers.js';
import type { CommandContext } from './context.js';

export function registerStatus(program: Command, context: CommandContext): void {
  program
    .command('status')
    .description('the scheduler, the last ingest and run, deliveries per state, the next due slot')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }) => {
      const status = await context.withApp(async (app) => {
        const now = app.clock.now();
        const lease = await leaseHolder(app.db, LEASE_NAME);
        const subscribers = await listSchedules(app.db, { status: 'active' });
        let next: { email: string; kind: string; period: string; at: string } | null = null;
        for (const subscriber of subscribers) {
          if (subscriber.frequency === 'instant') continue;
          try {
            const slot = nextSlot(subscriber.frequency, subscriber, now, app.config);
            if (!next || slot.at.toISOString() < next.at) next = { email: subscriber.email, kind: subscriber.frequency, period: slot.period, at: slot.at.toISOString() };
          } catch {
            // A subscriber whose slot cannot be computed is reported by `due` and `run`.
          }
        }
        const suppressed = await listSuppressions(app.db);
        const byReason: Record<string, number> = {};
        for (const entry of suppressed) byReason[entry.reason ?? 'unknown'] = (byReason[entry.reason ?? 'unknown'] ?? 0) + 1;
        const ingest = await lastIngest(app.db);
        const run = await lastRun<RunReport>(app.db);
        return {
          scheduler: lease && lease.expiresAt > now.toISOString() ? { holder: lease.holder, since: lease.acquiredAt } : null,
          // Processes building or sending now; one whose heartbeat lapsed is taken over by the next that looks.
          runners: (await listRunners(app.db)).map((runner) => ({ id: runner.id, since: runner.startedAt, alive: runner.expiresAt > now.toISOString() })),
          lastIngest: ingest ? { at: ingest.ingestedAt, path: ingest.path, papers: ingest.papers, new: ingest.newPapers } : null,
          lastRun: run ? { at: run.finishedAt, due: run.report.due, sent: run.report.sent, empty: run.report.empty, retry: run.report.retry, failed: run.report.failed, unknown: run.report.unknown } : null,
          deliveries: await countEditionsByState(app.db),
          nextDue: next,
          suppressions: {
            unsubscribed: suppressed.filter((entry) => entry.status === 'unsubscribed').length,
            bounced: suppressed.filter((entry) => entry.status === 'bounced').length,
            byReason,
            // The latest ten, newest first: the rest are in `subscribers list --status …`.
            latest: suppressed.slice(-10).reverse().map(({ email, status, reason, detail, at }) => ({ email, status, reason, detail, at })),
          },
          bounceMailbox: app.config.bounces.imap ? { handled: await countMailEvents(app.db) } : null,
        };
      });
      if (options.json) {
        context.printJson(status);
        return;
      }
      const lines = [
        `Scheduler:   ${status.scheduler ? `running (${status.scheduler.holder}, since ${status.scheduler.since})` : 'not running'}`,
        `Senders:     ${status.runners.map((runner) => `${runner.id} since ${runner.since}${runner.alive ? '' : ' (heartbeat lapsed: dead)'}`).join('; ') || 'none running'}`,
        `Last ingest: ${status.lastIngest ? `${status.lastIngest.at}, ${status.lastIngest.path} (${status.lastIngest.papers} papers, ${status.lastIngest.new} new)` : 'never'}`,
        `Last run:    ${status.lastRun ? `${status.lastRun.at}: ${status.lastRun.due} due, ${status.lastRun.sent} sent, ${status.lastRun.empty} empty, ${status.lastRun.retry} retry, ${status.lastRun.failed} failed, ${status.lastRun.unknown} unknown` : 'never'}`,
        `Deliveries:  ${Object.entries(status.deliveries).map(([state, n]) => `${n} ${state}`).join(', ') || 'none'}`,
        `Next due:    ${status.nextDue ? `${status.nextDue.at} (${status.nextDue.kind}:${status.nextDue.period} for ${status.nextDue.email})` : 'nothing scheduled'}`,
        `Suppressed:  ${status.suppressions.unsubscribed} unsubscribed, ${status.suppressions.bounced} bounced${Object.keys(status.suppressions.byReason).length ? ` (${Object.entries(status.suppressions.byReason).map(([reason, n]) => `${n} ${reason}`).join(', ')})` : ''}`,
        ...status.suppressions.latest.map((entry) => `             ${entry.email}: ${entry.status}, ${suppressionText(entry)}`),
        `Bounces:     ${status.bounceMailbox ? `${Object.entries(status.bounceMailbox.handled).map(([kind, n]) => `${n} ${kind}`).join(', ') || 'nothing'} handled from the bounce mailbox` : 'no bounce mailbox (bounces.imap)'}`,
      ];
      context.print(lines.join('\n'));
    });
}
