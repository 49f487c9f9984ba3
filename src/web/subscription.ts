// Double opt-in. Whatever the store knows about an address, a valid form
// sends exactly one confirmation email and nothing else changes for someone
// the store already knows: their request waits for the link in that email.
// So the answer never tells who subscribes, and a stranger who types a
// subscriber's address can neither downgrade them to pending nor change
// their topics; the worst they cause is one email the owner can ignore.

import type { App } from '../app.js';
import type { MailTransport } from '../deliver/index.js';
import { buildConfirmation } from '../digest/index.js';
import { PaperboyError } from '../errors.js';
import type { Renderer } from '../render/index.js';
import {
  activateSubscriber,
  applySubscriptionRequest,
  dropSubscriptionRequest,
  findSubscriberByEmail,
  findSubscriberById,
  findSubscriptionRequest,
  rotateSubscriberLinks,
  saveSubscriptionRequest,
  subscriberLinksValidFrom,
  setSubscriberStatus,
  upsertSubscribers,
  type SubscriberInput,
} from '../store/index.js';
import type { Subscriber } from '../types.js';
import { confirmIssuedAt, RESUBSCRIBE } from './links.js';
import type { VerifiedToken } from '../link-tokens.js';

export interface MailDeps {
  app: App;
  renderer: Renderer;
  transport: MailTransport;
}

/** Stores a new address as `pending`, or the request of a known one, and sends the confirmation link. */
export async function requestSubscription(deps: MailDeps, input: SubscriberInput): Promise<void> {
  const { db, clock } = deps.app;
  const now = clock.now();
  const known = await findSubscriberByEmail(db, input.email);
  let subscriber: Subscriber;
  let signedAt: Date;
  if (known) {
    subscriber = known;
    signedAt = await saveSubscriptionRequest(db, { subscriberId: known.id, timezone: input.timezone, frequency: input.frequency, topics: input.topics }, now);
  } else {
    await upsertSubscribers(db, [input], { now, status: 'pending' });
    subscriber = (await findSubscriberByEmail(db, input.email))!;
    signedAt = new Date(Math.floor(now.getTime() / 1000) * 1000);
  }
  // Someone may type a subscriber's address with other topics: the email says what confirming would change.
  const current = subscriber.status === 'active' ? { topics: subscriber.topics, frequency: subscriber.frequency } : undefined;
  const digest = buildConfirmation({ subscriber, topics: input.topics, frequency: input.frequency, current, now: signedAt });
  const message = deps.renderer.render(digest);
  try {
    await deps.transport.send(message, now);
  } catch (error) {
    deps.app.log.error({ err: error, transport: deps.transport.label }, 'could not send a confirmation email');
    throw new PaperboyError('PB_TRANSPORT', 'the confirmation email could not be sent just now — please try again in a few minutes', { cause: error });
  }
}

/**
 * - `confirmed`: was pending (or left, and the link is newer than that): now active
 * - `updated`: the request this link was sent for is applied (topics, frequency, time zone)
 * - `already`: active, and this link asks for nothing new
 * - `superseded`: a newer request replaced the one this link was sent for: nothing changes
 * - `stale`: they unsubscribed (or bounced) after this link was sent: nothing changes
 */
export type ConfirmOutcome = 'confirmed' | 'updated' | 'already' | 'superseded' | 'stale';

export async function confirmSubscription(app: App, token: VerifiedToken): Promise<{ outcome: ConfirmOutcome; subscriber: Subscriber }> {
  const now = app.clock.now();
  const subscriber = await subscriberOf(app, token);
  const outcome = await applyConfirmation(app, token, subscriber, now);
  // Coming back after leaving starts a new set of links: those of the emails before stop working.
  if (outcome.outcome === 'confirmed' && (subscriber.status === 'unsubscribed' || subscriber.status === 'bounced')) {
    await rotateSubscriberLinks(app.db, subscriber.id, now);
  }
  return outcome;
}

async function applyConfirmation(app: App, token: VerifiedToken, subscriber: Subscriber, now: Date): Promise<{ outcome: ConfirmOutcome; subscriber: Subscriber }> {
  const issuedAt = confirmIssuedAt(token);
  // Only a link from an email names a request; a page's re-subscribe link is signed at any time and could share its second.
  const request = token.data === RESUBSCRIBE ? null : await findSubscriptionRequest(app.db, subscriber.id);
  if (request && request.issuedAt.getTime() === issuedAt.getTime()) {
    const wasActive = subscriber.status === 'active';
    const applied = await applySubscriptionRequest(app.db, subscriber.id, issuedAt, now);
    // Not applied: a second click on the same link, a moment after the first applied it.
    return { outcome: applied ? (wasActive ? 'updated' : 'confirmed') : 'already', subscriber: await requireSubscriber(app, subscriber.id) };
  }
  if (request && request.issuedAt.getTime() > issuedAt.getTime()) return { outcome: 'superseded', subscriber };
  if (subscriber.status === 'active') return { outcome: 'already', subscriber };
  const activated = await activateSubscriber(app.db, subscriber.id, { issuedAt }, now);
  return activated ? { outcome: 'confirmed', subscriber: await requireSubscriber(app, subscriber.id) } : { outcome: 'stale', subscriber };
}

/** Unsubscribes, and forgets any request waiting for confirmation, so an old confirmation email cannot bring them back. */
export async function unsubscribe(app: App, subscriberId: number): Promise<Subscriber | null> {
  const subscriber = await findSubscriberById(app.db, subscriberId);
  if (!subscriber) return null;
  const now = app.clock.now();
  await dropSubscriptionRequest(app.db, subscriber.id);
  if (subscriber.status !== 'unsubscribed') await setSubscriberStatus(app.db, subscriber.id, 'unsubscribed', now);
  return subscriber;
}

/** The subscriber a link names, when the link still works: PB_TOKEN_INVALID once their links were revoked after it was signed. */
export async function subscriberOf(app: App, token: VerifiedToken): Promise<Subscriber> {
  const subscriber = await requireSubscriber(app, token.subscriberId);
  const validFrom = await subscriberLinksValidFrom(app.db, subscriber.id);
  if (validFrom !== null && (token.issuedAt === null || token.issuedAt.getTime() < validFrom.getTime())) {
    throw new PaperboyError('PB_TOKEN_INVALID', 'this link is not valid: it was replaced by newer links — use the links in your latest email');
  }
  return subscriber;
}

export async function requireSubscriber(app: App, id: number): Promise<Subscriber> {
  const subscriber = await findSubscriberById(app.db, id);
  if (!subscriber) {
    throw new PaperboyError('PB_SUBSCRIBER_UNKNOWN', 'this link belongs to a subscription that no longer exists — you can subscribe again');
  }
  return subscriber;
}
