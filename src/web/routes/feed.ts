import type { FastifyInstance } from 'fastify';
import { PaperboyError } from '../../errors.js';
import { lastIngest, readerModelsOf } from '../../store/index.js';
import { buildAtomFeed } from '../feed.js';
import { recentSelection } from '../preview.js';
import type { WebContext } from '../server.js';
import { subscriberOf } from '../subscription.js';

export const FEED_LIMIT = 50;

/** `/feed/<token>.atom`: the subscriber's matches among recent papers, as Atom 1.0. */
export function registerFeed(server: FastifyInstance, context: WebContext): void {
  server.get('/feed/:file', async (request, reply) => {
    const { file } = request.params as { file: string };
    if (!file.endsWith('.atom')) throw new PaperboyError('PB_NOT_FOUND', 'feeds end in .atom — use the feed link from your preferences page');
    const token = context.verify(file.slice(0, -'.atom'.length), 'feed');
    const subscriber = await subscriberOf(context.app, token);
    if (subscriber.status === 'unsubscribed') {
      throw new PaperboyError('PB_TOKEN_EXPIRED', 'this feed stopped when you unsubscribed — subscribe again to get it back');
    }
    const reader = (await readerModelsOf(context.app.db, [subscriber.id])).get(subscriber.id) ?? null;
    const alsoForYou = subscriber.alsoForYou ?? context.app.config.digest.alsoForYou;
    const { matches } = recentSelection(await context.recent.matcher(), subscriber, reader, { limit: FEED_LIMIT, alsoForYou, now: context.app.clock.now() });
    const ingest = await lastIngest(context.app.db);
    const xml = buildAtomFeed({
      subscriber,
      matches,
      brand: context.brand,
      publicUrl: context.publicUrl,
      selfUrl: `${context.publicUrl}/feed/${file}`,
      updated: ingest ? new Date(ingest.ingestedAt) : null,
    });
    return reply.type('application/atom+xml; charset=utf-8').header('cache-control', 'private, max-age=300').send(xml);
  });
}
