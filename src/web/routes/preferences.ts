import type { FastifyInstance, FastifyReply } from 'fastify';
import { MIN_LIKES_FOR_SUGGESTIONS } from '../../learn/index.js';
import { likePapers, retrainReader, type PaperReference } from '../../run/index.js';
import { forgetVotes, readerModelsOf, removeVote, setAlsoForYou, updatePreferences, votedPapers } from '../../store/index.js';
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

  const show = async (reply: FastifyReply, token: string, subscriber: Subscriber, values: FormValues, errors: FieldErrors, saved: boolean, status = 200, learning: LearningNotice = {}) => {
    const reader = (await readerModelsOf(context.app.db, [subscriber.id])).get(subscriber.id) ?? null;
    const preview = previewView(previewTopics(await context.recent.matcher(), values.topics, reader, context.app.clock.now()));
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
        learned: await learnedView(context, subscriber, `/preferences/learned?token=${token}#learned`, learning),
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
    const token = context.token(request, 'preferences');
    const reader = (await readerModelsOf(context.app.db, [token.subscriberId])).get(token.subscriberId) ?? null;
    const topics = (request.body as { topics?: unknown } | null)?.topics;
    const result = previewTopics(await context.recent.matcher(), typeof topics === 'string' ? topics : '', reader, context.app.clock.now());
    return reply.type('application/json; charset=utf-8').send(previewView(result));
  });

  // What the votes taught: take one back, forget them all, name papers already liked, choose how many suggestions.
  server.post('/preferences/learned', { preHandler: server.csrfProtection }, async (request, reply) => {
    const token = context.token(request, 'preferences');
    const subscriber = await requireSubscriber(context.app, token.subscriberId);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const app = context.app;
    let learning: LearningNotice;
    switch (body.do) {
      case 'remove': {
        const removed = typeof body.paper === 'string' && (await removeVote(app.db, subscriber.id, body.paper));
        if (removed) await retrainReader(app, subscriber.id);
        learning = { notice: removed ? 'Vote removed: your digests no longer learn from it.' : 'That vote was already gone.' };
        break;
      }
      case 'forget': {
        const count = await forgetVotes(app.db, subscriber.id);
        learning = { notice: count > 0 ? `Forgot ${count} vote${count === 1 ? '' : 's'}: your digests follow your topics alone again.` : 'There were no votes to forget.' };
        break;
      }
      case 'like': {
        const references = (typeof body.papers === 'string' ? body.papers : '').split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '').slice(0, MAX_NAMED_PAPERS);
        const found = await likePapers(app, subscriber.id, references);
        const liked = found.filter((entry) => 'paper' in entry).length;
        learning = {
          notice: liked > 0 ? `Added ${liked} liked paper${liked === 1 ? '' : 's'}.` : undefined,
          problems: found.flatMap((entry) => ('error' in entry ? [entry] : [])),
        };
        if (references.length === 0) learning = { problems: [{ reference: 'Papers', error: 'name at least one paper, by its title or arXiv id' }] };
        break;
      }
      case 'suggestions': {
        const count = Number(body.alsoForYou);
        if (body.alsoForYou === 'default') await setAlsoForYou(app.db, subscriber.id, null, app.clock.now());
        else if (Number.isInteger(count) && count >= 0 && count <= 10) await setAlsoForYou(app.db, subscriber.id, count, app.clock.now());
        else return show(reply, tokenOf(request.query), subscriber, subscriberValues(subscriber), {}, false, 400, { problems: [{ reference: 'Papers beyond your topics', error: 'choose a number from 0 to 10' }] });
        learning = { notice: 'Saved.' };
        break;
      }
      default:
        learning = { problems: [{ reference: 'This form', error: 'it asked for nothing this page knows — reload the page and try again' }] };
    }
    const saved = await requireSubscriber(app, subscriber.id);
    return show(reply, tokenOf(request.query), saved, subscriberValues(saved), {}, false, learning.problems?.length ? 400 : 200, learning);
  });
}

/** Papers one form may name at once. */
const MAX_NAMED_PAPERS = 20;

interface LearningNotice {
  notice?: string;
  problems?: Extract<PaperReference, { error: string }>[];
}

async function learnedView(context: WebContext, subscriber: Subscriber, action: string, learning: LearningNotice) {
  const { liked, disliked } = await votedPapers(context.app.db, subscriber.id);
  const votes = liked.length + disliked.length;
  const model = (await readerModelsOf(context.app.db, [subscriber.id])).get(subscriber.id);
  const current = subscriber.alsoForYou;
  const fallback = context.app.config.digest.alsoForYou;
  return {
    ...learning,
    action,
    hasVotes: votes > 0,
    forgetQuestion: `${votes === 1 ? 'Forget your vote' : `Forget all ${votes} votes`}? Your digests follow your topics alone until you vote again.`,
    liked: liked.map((paper) => ({ id: paper.id, title: paper.title })),
    disliked: disliked.map((paper) => ({ id: paper.id, title: paper.title })),
    more: model?.words.more ?? [],
    less: model?.words.less ?? [],
    likesForSuggestions: `${MIN_LIKES_FOR_SUGGESTIONS} papers`,
    alsoForYou: [
      { value: 'default', label: `Default (${fallback})`, selected: current === null },
      ...Array.from({ length: 11 }, (_, n) => ({ value: String(n), label: n === 0 ? 'None' : String(n), selected: current === n })),
    ],
  };
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
