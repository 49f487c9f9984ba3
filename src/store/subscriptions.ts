// Changes people make on the web: sign-up requests that wait for their
// confirmation link, activation by that link, and preference edits.

import type { Frequency, Topic } from '../types.js';
import type { Db } from './database.js';
import { replaceTopics } from './subscribers.js';

/** What the subscribe form asked for about an address the store already knows. */
export interface SubscriptionRequest {
  subscriberId: number;
  /** When its confirmation link was signed (whole seconds): the link's identity. */
  issuedAt: Date;
  timezone: string;
  frequency: Frequency;
  topics: Topic[];
}

export interface Preferences {
  timezone: string;
  frequency: Frequency;
  sendHour: number | null;
  sendWeekday: number | null;
  topics: Topic[];
}

/**
 * Keeps the request until its link is followed, replacing an older one (whose
 * link then stops working). Returns the instant to sign the link at: `now` in
 * whole seconds, moved on a second or two when needed so that no two links of
 * one subscriber share a second: not two requests, and not a request and the
 * sign-up link (signed in the second the subscriber was created).
 */
export async function saveSubscriptionRequest(db: Db, request: Omit<SubscriptionRequest, 'issuedAt'>, now: Date): Promise<Date> {
  return db.transaction().execute(async (trx) => {
    const previous = await trx.selectFrom('subscription_requests').select('issued_at').where('subscriber_id', '=', request.subscriberId).executeTakeFirst();
    const subscriber = await trx.selectFrom('subscribers').select('created_at').where('id', '=', request.subscriberId).executeTakeFirstOrThrow();
    const second = (iso: string) => Math.floor(new Date(iso).getTime() / 1000) * 1000;
    const issuedAt = new Date(
      Math.max(second(now.toISOString()), second(subscriber.created_at) + 1000, previous ? second(previous.issued_at) + 1000 : 0),
    );
    const row = {
      issued_at: issuedAt.toISOString(),
      timezone: request.timezone,
      frequency: request.frequency,
      topics: JSON.stringify(request.topics.map(({ name, query }) => ({ name, query }))),
      created_at: now.toISOString(),
    };
    await trx
      .insertInto('subscription_requests')
      .values({ subscriber_id: request.subscriberId, ...row })
      .onConflict((oc) => oc.column('subscriber_id').doUpdateSet(row))
      .execute();
    return issuedAt;
  });
}

export async function findSubscriptionRequest(db: Db, subscriberId: number): Promise<SubscriptionRequest | null> {
  const row = await db.selectFrom('subscription_requests').selectAll().where('subscriber_id', '=', subscriberId).executeTakeFirst();
  if (!row) return null;
  return {
    subscriberId: row.subscriber_id,
    issuedAt: new Date(row.issued_at),
    timezone: row.timezone,
    frequency: row.frequency as Frequency,
    topics: JSON.parse(row.topics) as Topic[],
  };
}

/**
 * Applies the request whose link was signed at `issuedAt` and makes the
 * subscriber active, in one transaction. The request row is taken by a
 * delete-returning, so a link followed twice applies once; false when there
 * is no such request (any more).
 */
export async function applySubscriptionRequest(db: Db, subscriberId: number, issuedAt: Date, now: Date): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .deleteFrom('subscription_requests')
      .where('subscriber_id', '=', subscriberId)
      .where('issued_at', '=', issuedAt.toISOString())
      .returningAll()
      .executeTakeFirst();
    if (!row) return false;
    await trx
      .updateTable('subscribers')
      .set({ timezone: row.timezone, frequency: row.frequency, status: 'active', updated_at: now.toISOString() })
      .where('id', '=', subscriberId)
      .execute();
    await replaceTopics(trx, subscriberId, JSON.parse(row.topics) as Topic[]);
    return true;
  });
}

export async function dropSubscriptionRequest(db: Db, subscriberId: number): Promise<void> {
  await db.deleteFrom('subscription_requests').where('subscriber_id', '=', subscriberId).execute();
}

/**
 * pending → active; unsubscribed | bounced → active only by a link signed
 * after they left (within the same second counts): a confirmation link from
 * before someone unsubscribed must not sign them up again. Compare-and-set:
 * false when the subscriber was not in such a state.
 */
export async function activateSubscriber(db: Db, subscriberId: number, link: { issuedAt: Date }, now: Date): Promise<boolean> {
  const leftBefore = new Date(link.issuedAt.getTime() + 1000).toISOString();
  const row = await db
    .updateTable('subscribers')
    .set({ status: 'active', updated_at: now.toISOString() })
    .where('id', '=', subscriberId)
    .where((eb) => eb.or([eb('status', '=', 'pending'), eb.and([eb('status', 'in', ['unsubscribed', 'bounced']), eb('updated_at', '<', leftBefore)])]))
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Saves what the preferences page edits; name, status and max papers stay. */
export async function updatePreferences(db: Db, subscriberId: number, preferences: Preferences, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('subscribers')
      .set({
        timezone: preferences.timezone,
        frequency: preferences.frequency,
        send_hour: preferences.sendHour,
        send_weekday: preferences.sendWeekday,
        updated_at: now.toISOString(),
      })
      .where('id', '=', subscriberId)
      .execute();
    await replaceTopics(trx, subscriberId, preferences.topics);
  });
}
