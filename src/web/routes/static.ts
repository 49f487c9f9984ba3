import type { FastifyInstance } from 'fastify';
import type { WebContext } from '../server.js';

/** The stylesheet and the script. Their URLs carry a hash of the content, so browsers may keep them. */
export function registerStatic(server: FastifyInstance, context: WebContext): void {
  for (const asset of Object.values(context.pages.assets)) {
    server.get(asset.path, async (_request, reply) => {
      return reply.type(asset.type).header('cache-control', 'public, max-age=86400').send(asset.body);
    });
  }
  server.get('/', async (_request, reply) => reply.redirect('/subscribe'));
}
