import type { Command } from 'commander';
import { runOnce } from '../run/index.js';
import { Scheduler } from '../schedule/index.js';
import type { CommandContext } from './context.js';
import { listenWeb, stopped } from './web.js';

export function registerStart(program: Command, context: CommandContext): void {
  program
    .command('start')
    .description('run the scheduler and the web server until stopped (SIGTERM or Ctrl-C)')
    .option('--due-cron <cron>', 'how often to check for due editions', '* * * * *')
    .action(async (options: { dueCron: string }) => {
      await context.withApp(async (app) => {
        const renderer = await app.renderer();
        const transport = app.transport();
        const bouncePass = app.bounceMailbox() ?? undefined;
        const pass = (tick: { at: Date; ingest: boolean; signal: AbortSignal }) => runOnce(app, { ...tick, renderer, transport });
        const scheduler = new Scheduler({ app, pass, dueCron: options.dueCron, bouncePass });
        let web: Awaited<ReturnType<typeof listenWeb>>;
        try {
          await scheduler.start();
          web = await listenWeb(app);
        } catch (error) {
          await scheduler.stop().catch(() => {});
          throw error;
        }
        const outbox = app.config.delivery.transport.startsWith('file:') ? `digests land in ${app.config.delivery.transport.slice(5)}, ` : '';
        app.log.info(`paperboy is running: ${outbox}pages at ${app.config.web.publicUrl}/subscribe — Ctrl-C to stop`);
        await stopped();
        app.log.info('stopping: finishing the messages in flight');
        await scheduler.stop();
        await web.close();
        app.log.info('stopped');
      });
    });
}
