import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PaperboyError } from '../../errors.js';
import { retrainReader } from '../../run/index.js';
import { findPaper, recordVote, type Vote } from '../../store/index.js';
import { feedbackLink, pageLinks } from '../links.js';
import { paperCard } from '../paper-view.js';
import type { WebContext } from '../server.js';
import type { VerifiedToken } from '../../link-tokens.js';
import { subscriberOf } from '../subscription.js';

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
  const show = async (reply: FastifyReply, query: unknown, token: VerifiedToken, recorded: boolean) => {
    const { paperId, vote } = voteOf(token, query);
    const subscriber = await subscriberOf(context.app, token);
    const paper = await findPaper(context.app.db, paperId);
    if (!paper) throw new PaperboyError('PB_NOT_FOUND', 'this paper is no longer in the archive, so it cannot be rated');
    if (recorded) {
      await recordVote(context.app.db, { subscriberId: subscriber.id, paperId, vote }, context.app.clock.now());
      // Trained now, so that the preferences page and the next digest both reflect this vote.
      await retrainReader(context.app, subscriber.id);
    }
    const other: Vote = vote === 'up' ? 'down' : 'up';
    return context.page(reply, 'feedback', {
      title: recorded ? 'Thanks for your feedback' : 'Rate this paper',
      recorded,
      paper: paperCard(paper),
      vote: LABELS[vote],
      other: { ...LABELS[other], action: feedbackLink(context.secret, subscriber.id, paperId, other, context.app.clock.now()) },
      action: feedbackLink(context.secret, subscriber.id, paperId, vote, context.app.clock.now()),
      csrf: reply.generateCsrf(),
      links: pageLinks(context.secret, subscriber.id, context.app.clock.now()),
    });
  };

  server.get('/feedback', async (request, reply) => show(reply, request.query, context.token(request, 'feedback'), false));
  // Votes are counted per reader, not per address: a flood through one reader's links stops there.
  const votes = { max: context.limits.votes.max, timeWindow: context.limits.votes.windowMs, keyGenerator: (request: FastifyRequest) => voterKey(context, request) };
  server.post('/feedback', { preHandler: server.csrfProtection, config: { rateLimit: votes } }, async (request, reply) => show(reply, request.query, context.token(request, 'feedback'), true));
}

function voterKey(context: WebContext, request: FastifyRequest): string {
  try {
    return `voter:${context.token(request, 'feedback').subscriberId}`;
  } catch {
    return `address:${request.ip}`;
  }
}

/**
 * The paper and vote of a link: from the query (`&paper=…&vote=up`, as
 * digests spell them now), or from the token itself, as the first digests
 * signed them, so that links in mail already sent keep working.
 */
function voteOf(token: VerifiedToken, query: unknown): { paperId: string; vote: Vote } {
  const fields = (query ?? {}) as { paper?: unknown; vote?: unknown };
  let paperId: unknown = fields.paper;
  let vote: unknown = fields.vote;
  if (token.data !== null) {
    const at = token.data.lastIndexOf(':');
    paperId = at > 0 ? token.data.slice(0, at) : '';
    vote = token.data.slice(at + 1);
  }
  if (typeof paperId !== 'string' || paperId === '' || paperId.length > 200 || (vote !== 'up' && vote !== 'down')) {
    throw new PaperboyError('PB_TOKEN_INVALID', 'this link is not valid: it names no paper and vote — use the 👍 or 👎 link from your email');
  }
  return { paperId, vote };
}
