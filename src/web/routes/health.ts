import type { FastifyInstance } from 'fastify';
import { lastIngest, storeReachable } from '../../store/index.js';
import type { WebContext } from '../server.js';

/** For monitors: 200 when the store answers, 503 when it does not; never rate-limited. */
export function registerHealth(server: FastifyInstance, context: WebContext): void {
  server.get('/healthz', { config: { rateLimit: false } }, async (_request, reply) => {
    const reachable = await storeReachable(context.app.db);
    const ingest = reachable ? await lastIngest(context.app.db).catch(() => null) : null;
    return reply.code(reachable ? 200 : 503).send({
      status: reachable ? 'ok' : 'error',
      store: reachable ? 'reachable' : 'unreachable',
      lastIngestAt: ingest?.ingestedAt ?? null,
    });
  });
}
