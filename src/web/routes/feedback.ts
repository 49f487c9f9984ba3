import type { FastifyInstance, FastifyReply } from 'fastify';
import { PaperboyError } from '../../errors.js';
import { findPaper, recordVote, type Vote } from '../../store/index.js';
import { feedbackLink, pageLinks } from '../links.js';
import { paperCard } from '../paper-view.js';
import type { WebContext } from '../server.js';
import type { VerifiedToken } from '../tokens.js';
import { requireSubscriber } from '../subscription.js';

const LABELS: Record<Vote, { emoji: string; words: string }> = {
  up: { emoji: '👍', words: 'more like this' },
  down: { emoji: '👎', words: 'less like this' },
};

/**
 * 👍/👎 links from a digest. GET changes nothing (mail scanners follow links):
 * the page records the vote with a POST, sent at once by the script or by a
 * button without it.
 */
export function registerFeedback(server: FastifyInstance, context: WebContext): void {
  const show = async (reply: FastifyReply, rawToken: string, token: VerifiedToken, recorded: boolean) => {
    const { paperId, vote } = voteOf(token);
    const subscriber = await requireSubscriber(context.app, token.subscriberId);
    const paper = await findPaper(context.app.db, paperId);
    if (!paper) throw new PaperboyError('PB_NOT_FOUND', 'this paper is no longer in the archive, so it cannot be rated');
    if (recorded) await recordVote(context.app.db, { subscriberId: subscriber.id, paperId, vote }, context.app.clock.now());
    const other: Vote = vote === 'up' ? 'down' : 'up';
    return context.page(reply, 'feedback', {
      title: recorded ? 'Thanks for your feedback' : 'Rate this paper',
      recorded,
      paper: paperCard(paper),
      vote: LABELS[vote],
      other: { ...LABELS[other], action: feedbackLink(context.secret, subscriber.id, paperId, other) },
      action: `/feedback?token=${rawToken}`,
      csrf: reply.generateCsrf(),
      links: pageLinks(context.secret, subscriber.id, context.app.clock.now()),
    });
  };

  server.get('/feedback', async (request, reply) => show(reply, rawToken(request.query), context.token(request, 'feedback'), false));
  server.post('/feedback', { preHandler: server.csrfProtection }, async (request, reply) =>
    show(reply, rawToken(request.query), context.token(request, 'feedback'), true),
  );
}

function voteOf(token: VerifiedToken): { paperId: string; vote: Vote } {
  const data = token.data ?? '';
  const at = data.lastIndexOf(':');
  const vote = data.slice(at + 1);
  if (at < 1 || (vote !== 'up' && vote !== 'down')) {
    throw new PaperboyError('PB_TOKEN_INVALID', 'this link is not valid: it names no paper and vote — use the 👍 or 👎 link from your email');
  }
  return { paperId: data.slice(0, at), vote };
}

function rawToken(query: unknown): string {
  return String((query as { token?: unknown }).token);
}
