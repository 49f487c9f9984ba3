import type { Command } from 'commander';
import { createRendererFor } from '../app.js';
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
        const scheduler = new Scheduler({ app, renderer, transport, dueCron: options.dueCron });
        // Loaded here, not at the top: the web server's modules would slow every other command's start.
        const { createWebServer } = await import('../web/index.js');
        const web = await createWebServer({ app, renderer, transport, secret, trustProxy: app.config.web.trustProxy });
        try {
          await scheduler.start();
          const { host, port } = app.config.web;
          await web.listen({ port, host }).catch((error: NodeJS.ErrnoException) => {
            if (error.code === 'EADDRNOTAVAIL') {
              throw new PaperboyError('PB_CONFIG_KEY', `web.host ${host}: not an address of this machine — use 127.0.0.1, 0.0.0.0 or one of its addresses`, { cause: error });
            }
            if (error.code !== 'EADDRINUSE' && error.code !== 'EACCES') throw error;
            throw new PaperboyError('PB_CONFIG_KEY', `web.port ${port}: ${error.code === 'EADDRINUSE' ? 'already in use by another program' : 'not allowed for this user'} — stop the other program or set another web.port`, { cause: error });
          });
          const address = web.server.address();
          if (address !== null && typeof address === 'object') app.log.info({ host: address.address, port: address.port }, 'web server listening');
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
