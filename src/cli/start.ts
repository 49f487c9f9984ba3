import type { Command } from 'commander';
import { bounceMailboxFor, createRendererFor } from '../app.js';
import { loadSecret } from '../config/index.js';
import { createTransport } from '../deliver/index.js';
import { PaperboyError } from '../errors.js';
import { Scheduler } from '../schedule/index.js';
import type { CommandContext } from './context.js';

export function registerStart(program: Command, context: CommandContext): void {
  program
    .command('start')
    .description('run the scheduler and the web server until stopped (SIGTERM or Ctrl-C)')
    .option('--due-cron <cron>', 'how often to check for due editions', '* * * * *')
    .action(async (options: { dueCron: string }) => {
      await context.withApp(async (app) => {
        const secret = loadSecret(app.config, app.log);
        const renderer = await createRendererFor(app.config, app.log);
        const transport = createTransport(app.config);
        const bouncePass = bounceMailboxFor(app) ?? undefined;
        const scheduler = new Scheduler({ app, renderer, transport, dueCron: options.dueCron, bouncePass });
        // Loaded here, not at the top: the web server's modules would slow every other command's start.
        const { createWebServer } = await import('../web/index.js');
        const web = await createWebServer({ app, renderer, transport, secret, trustProxy: app.config.web.trustProxy });
        try {
          await scheduler.start();
          await web.listen({ port: app.config.web.port, host: '0.0.0.0' }).catch((error: NodeJS.ErrnoException) => {
            if (error.code !== 'EADDRINUSE' && error.code !== 'EACCES') throw error;
            throw new PaperboyError('PB_CONFIG_KEY', `web.port ${app.config.web.port}: ${error.code === 'EADDRINUSE' ? 'already in use by another program' : 'not allowed for this user'} — stop the other program or set another web.port`, { cause: error });
          });
        } catch (error) {
          await scheduler.stop().catch(() => {});
          await web.close();
          await transport.close();
          throw error;
        }
        const outbox = app.config.delivery.transport.startsWith('file:') ? `digests land in ${app.config.delivery.transport.slice(5)}, ` : '';
        app.log.info(`paperboy is running: ${outbox}pages at ${app.config.web.publicUrl}/subscribe — Ctrl-C to stop`);
        await stopped();
        app.log.info('stopping: finishing the messages in flight');
        await scheduler.stop();
        await web.close();
        await transport.close();
        app.log.info('stopped');
      });
    });
}

function stopped(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const done = (signal: NodeJS.Signals) => {
      process.off('SIGTERM', done);
      process.off('SIGINT', done);
      resolve(signal);
    };
    process.on('SIGTERM', done);
    process.on('SIGINT', done);
  });
}
