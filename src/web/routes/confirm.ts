import type { FastifyInstance } from 'fastify';
import { pageLinks } from '../links.js';
import { problemView } from '../problems.js';
import type { WebContext } from '../server.js';
import { confirmSubscription, subscriberOf, type ConfirmOutcome } from '../subscription.js';
import { topicLine } from '../form-view.js';
import type { Frequency } from '../../types.js';

const HEADINGS: Record<'confirmed' | 'updated' | 'already', { heading: string; lead: string }> = {
  confirmed: { heading: 'You are subscribed', lead: 'Thanks for confirming. Papers on your topics are on their way.' },
  updated: { heading: 'Your subscription is updated', lead: 'Thanks for confirming. From now on you get papers on these topics.' },
  already: { heading: 'You are already subscribed', lead: 'This link asks for nothing new: your subscription stays as it is.' },
};

const REFUSED: Record<'superseded' | 'stale', { heading: string; message: string }> = {
  superseded: {
    heading: 'This link was replaced by a newer one',
    message: 'The form was sent again after this email went out, so only the link in the newest email works. Nothing was changed.',
  },
  stale: {
    heading: 'This link is out of date',
    message: 'You unsubscribed after this email was sent, so it no longer signs you up. Nothing was changed; to get papers again, subscribe again.',
  },
};

export const FREQUENCY_LABELS: Record<Frequency, string> = {
  instant: 'an email as soon as a matching paper arrives',
  daily: 'a daily digest',
  weekly: 'a weekly summary',
};

/**
 * GET (and HEAD) only show a button: the mail scanners of some providers
 * open links before the reader does, and a stranger who typed someone's
 * address with other topics must not get them applied that way. POST
 * confirms, sent at once by the page's script or by its button, with the
 * page's CSRF token: the same mechanism as /unsubscribe and /feedback.
 */
export function registerConfirm(server: FastifyInstance, context: WebContext): void {
  server.get('/confirm', async (request, reply) => {
    const token = context.token(request, 'confirm');
    const subscriber = await subscriberOf(context.app, token);
    return context.page(reply, 'confirm', {
      title: 'Confirm your subscription',
      email: subscriber.email,
      csrf: reply.generateCsrf(),
      action: `/confirm?token=${String((request.query as { token?: unknown }).token)}`,
    });
  });

  server.post('/confirm', { preHandler: server.csrfProtection }, async (request, reply) => {
    const { outcome, subscriber } = await confirmSubscription(context.app, context.token(request, 'confirm'));
    if (outcome === 'superseded' || outcome === 'stale') return refused(context, reply, outcome);
    return context.page(reply, 'confirmed', {
      title: HEADINGS[outcome].heading,
      ...HEADINGS[outcome],
      email: subscriber.email,
      topics: subscriber.topics.map(topicLine),
      frequencyLabel: FREQUENCY_LABELS[subscriber.frequency],
      timezone: subscriber.timezone,
      links: pageLinks(context.secret, subscriber.id, context.app.clock.now()),
    });
  });
}

function refused(context: WebContext, reply: Parameters<WebContext['page']>[0], outcome: Exclude<ConfirmOutcome, 'confirmed' | 'updated' | 'already'>) {
  const { heading, message } = REFUSED[outcome];
  return context.page(reply, 'problem', problemView({ status: 410, heading, message, actions: [{ href: '/subscribe', label: 'Subscribe' }] }), 410);
}
