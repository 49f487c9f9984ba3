import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { pageLinks } from '../links.js';
import { parseSimpleMultipart } from '../multipart.js';
import type { WebContext } from '../server.js';
import { subscriberOf, unsubscribe } from '../subscription.js';

/**
 * GET only shows a button: mail scanners follow links, and a link must not
 * unsubscribe anyone. POST unsubscribes, either from that button (with its
 * CSRF token) or as an RFC 8058 one-click request from a mail client, whose
 * body is just `List-Unsubscribe=One-Click`: that one needs no CSRF token,
 * because the signed token in the URL is what authenticates it.
 */
export function registerUnsubscribe(server: FastifyInstance, context: WebContext): void {
  server.get('/unsubscribe', async (request, reply) => {
    const token = context.token(request, 'unsubscribe');
    const subscriber = await subscriberOf(context.app, token);
    return context.page(reply, 'unsubscribe', {
      title: 'Unsubscribe',
      email: subscriber.email,
      already: subscriber.status === 'unsubscribed',
      csrf: reply.generateCsrf(),
      action: `/unsubscribe?token=${String((request.query as { token?: unknown }).token)}`,
      links: pageLinks(context.secret, subscriber.id, context.app.clock.now()),
    });
  });

  // RFC 8058's own example posts multipart/form-data; this scope reads its few small fields.
  server.register(async (scope) => {
    scope.addContentTypeParser('multipart/form-data', { parseAs: 'string', bodyLimit: 8 * 1024 }, (request, body, done) => {
      done(null, parseSimpleMultipart(String(request.headers['content-type']), body as string));
    });
    scope.post('/unsubscribe', { preHandler: oneClickOrCsrf(server) }, async (request, reply) => {
      const token = context.token(request, 'unsubscribe');
      const subscriber = await unsubscribe(context.app, (await subscriberOf(context.app, token)).id);
      if (isOneClick(request.body)) return reply.type('text/plain; charset=utf-8').send('You are unsubscribed.\n');
      return context.page(reply, 'unsubscribed', {
        title: 'You are unsubscribed',
        email: subscriber?.email ?? null,
        resubscribe: subscriber ? pageLinks(context.secret, subscriber.id, context.app.clock.now()).resubscribe : null,
      });
    });
  });
}

function oneClickOrCsrf(server: FastifyInstance) {
  return (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    if (isOneClick(request.body)) return done();
    return server.csrfProtection(request, reply, done);
  };
}

function isOneClick(body: unknown): boolean {
  return (body as Record<string, unknown> | null | undefined)?.['List-Unsubscribe'] === 'One-Click';
}
