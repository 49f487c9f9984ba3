import type { Command } from 'commander';
import type { FastifyInstance } from 'fastify';
import type { App } from '../app.js';
import { loadSecret } from '../config/index.js';
import { PaperboyError } from '../errors.js';
import type { CommandContext } from './context.js';

export function registerWeb(program: Command, context: CommandContext): void {
  program
    .command('web')
    .description('serve the web pages only (no scheduler, no lease), beside `paperboy run` or a scheduler elsewhere, until stopped')
    .action(async () => {
      await context.withApp(async (app) => {
        const web = await listenWeb(app);
        app.log.info(`paperboy web is serving ${app.config.web.publicUrl}/subscribe — Ctrl-C to stop`);
        await stopped();
        await web.close();
        app.log.info('stopped');
      });
    });
}

/**
 * The web server for this config, listening on web.port. It sends only the
 * confirmation emails of the subscribe form, through the app's transport.
 */
export async function listenWeb(app: App): Promise<FastifyInstance> {
  const secret = loadSecret(app.config, app.log);
  const renderer = await app.renderer();
  const transport = app.transport();
  // Loaded here, not at the top: the web server's modules would slow every other command's start.
  const { createWebServer } = await import('../web/index.js');
  const web = await createWebServer({ app, renderer, transport, secret, trustProxy: app.config.web.trustProxy });
  try {
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
    await web.close();
    throw error;
  }
  return web;
}

/** Resolves on the first SIGTERM or SIGINT. */
export function stopped(): Promise<NodeJS.Signals> {
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
