import type { FastifyInstance, FastifyReply } from 'fastify';
import { updatePreferences } from '../../store/index.js';
import type { Subscriber } from '../../types.js';
import { readPreferencesForm, type FieldErrors, type FormValues } from '../form.js';
import { formView, subscriberValues } from '../form-view.js';
import { pageLinks } from '../links.js';
import { previewTopics, type PreviewResult } from '../preview.js';
import type { WebContext } from '../server.js';
import { requireSubscriber, subscriberOf } from '../subscription.js';
import { digestDefaults } from './subscribe.js';

const STATUS_NOTES: Record<Subscriber['status'], string | null> = {
  active: null,
  pending: 'Your subscription is not confirmed yet: follow the link in the confirmation email to start receiving papers.',
  unsubscribed: 'You are unsubscribed: no emails are sent to you. Your settings are kept in case you come back.',
  bounced: 'Emails to this address bounced, so none are sent any more. If the address works again, subscribe again.',
};

export function registerPreferences(server: FastifyInstance, context: WebContext): void {
  const defaults = digestDefaults(context);

  const show = async (reply: FastifyReply, token: string, subscriber: Subscriber, values: FormValues, errors: FieldErrors, saved: boolean, status = 200) => {
    const preview = previewView(previewTopics(await context.recent.index(), values.topics));
    const links = pageLinks(context.secret, subscriber.id, context.app.clock.now());
    return context.page(
      reply,
      'preferences',
      {
        title: 'Your preferences',
        email: subscriber.email,
        note: STATUS_NOTES[subscriber.status],
        resubscribe: subscriber.status === 'unsubscribed' ? links.resubscribe : null,
        saved,
        csrf: reply.generateCsrf(),
        action: `/preferences?token=${token}`,
        previewUrl: `/preferences/preview?token=${token}`,
        preview,
        links,
        ...formView(values, errors, defaults),
      },
      status,
    );
  };

  server.get('/preferences', async (request, reply) => {
    const token = context.token(request, 'preferences');
    const subscriber = await subscriberOf(context.app, token);
    return show(reply, tokenOf(request.query), subscriber, subscriberValues(subscriber), {}, false);
  });

  server.post('/preferences', { preHandler: server.csrfProtection }, async (request, reply) => {
    const token = context.token(request, 'preferences');
    const subscriber = await subscriberOf(context.app, token);
    const result = readPreferencesForm(request.body, subscriber.email);
    if (!result.ok) return show(reply, tokenOf(request.query), subscriber, { ...result.values, email: subscriber.email }, result.errors, false, 400);
    const { timezone, frequency, sendHour, sendWeekday, topics } = result.value;
    await updatePreferences(context.app.db, subscriber.id, { timezone, frequency, sendHour, sendWeekday, topics }, context.app.clock.now());
    const saved = await requireSubscriber(context.app, subscriber.id);
    return show(reply, tokenOf(request.query), saved, subscriberValues(saved), {}, true);
  });

  // Changes nothing, so it needs no CSRF token; the preferences token keeps it from being a public search API.
  server.post('/preferences/preview', async (request, reply) => {
    context.token(request, 'preferences');
    const topics = (request.body as { topics?: unknown } | null)?.topics;
    const result = previewTopics(await context.recent.index(), typeof topics === 'string' ? topics : '');
    return reply.type('application/json; charset=utf-8').send(previewView(result));
  });
}

export interface PreviewView {
  ok: boolean;
  summary: string;
  papers: Extract<PreviewResult, { ok: true }>['papers'];
  errors: Extract<PreviewResult, { ok: false }>['errors'];
}

function previewView(result: PreviewResult): PreviewView {
  if (!result.ok) return { ok: false, summary: 'Fix the topic below to see a preview.', papers: [], errors: result.errors };
  return { ok: true, summary: summaryOf(result), papers: result.papers, errors: [] };
}

function summaryOf(result: Extract<PreviewResult, { ok: true }>): string {
  const recent = `${result.recent} recent paper${result.recent === 1 ? '' : 's'}`;
  if (result.total === 0) return `None of the ${recent} match these topics.`;
  const shown = result.papers.length < result.total ? ` — the best ${result.papers.length}` : '';
  return `${result.total} of the ${recent} match${result.total === 1 ? 'es' : ''}${shown}:`;
}

function tokenOf(query: unknown): string {
  return String((query as { token?: unknown }).token);
}
