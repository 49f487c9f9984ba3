import type { SubscriberStatus } from '../types.js';
import type { Db } from './database.js';

// Why readers stop getting mail, and what the bounce mailbox did: the rows
// behind `paperboy bounces`, `subscribers list --status` and `status`.

/**
 * `complaint`: an ARF report from a provider's feedback loop; `unsubscribe-mail`:
 * a mail to the List-Unsubscribe mailto: address; `unsubscribe-link`: the web
 * page or the one-click POST; `bounces`: consecutive permanent failures
 * (SMTP 5xx or later DSNs).
 */
export type SuppressionReason = 'complaint' | 'unsubscribe-mail' | 'unsubscribe-link' | 'bounces';

export interface Suppression {
  subscriberId: number;
  email: string;
  status: SubscriberStatus;
  reason: SuppressionReason | null;
  detail: string | null;
  at: string | null;
}

export type MailEventKind = 'bounce' | 'delay' | 'complaint' | 'unsubscribe';

export interface MailEvent {
  mailKey: string;
  kind: MailEventKind;
  editionId: number | null;
  subscriberId: number | null;
  /** The DSN's enhanced status (`5.1.1`), or the complaint's feedback type (`abuse`). */
  status: string | null;
  detail: string | null;
  receivedAt: string | null;
}

/**
 * Stops mail to a subscriber, saying why. A complaint or an unsubscribe mail
 * wins over anything but an earlier unsubscribe; a bounce only stops an
 * active reader. Returns whether the row changed.
 */
export async function suppressSubscriber(
  db: Db,
  id: number,
  suppression: { status: 'unsubscribed' | 'bounced'; reason: SuppressionReason; detail: string | null },
  now: Date,
): Promise<boolean> {
  const from: SubscriberStatus[] = suppression.status === 'bounced' ? ['active'] : ['active', 'pending', 'bounced'];
  const result = await db
    .updateTable('subscribers')
    .set({ status: suppression.status, suppressed_reason: suppression.reason, suppressed_detail: suppression.detail, suppressed_at: now.toISOString(), updated_at: now.toISOString() })
    .where('id', '=', id)
    .where('status', 'in', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Subscribers who get no mail (unsubscribed or bounced), with why, oldest first. */
export async function listSuppressions(db: Db, status?: 'unsubscribed' | 'bounced'): Promise<Suppression[]> {
  const query = db
    .selectFrom('subscribers')
    .select(['id', 'email', 'status', 'suppressed_reason', 'suppressed_detail', 'suppressed_at'])
    .where('status', 'in', status ? [status] : ['unsubscribed', 'bounced'])
    .orderBy('suppressed_at')
    .orderBy('id');
  const rows = await query.execute();
  return rows.map((row) => ({
    subscriberId: row.id,
    email: row.email,
    status: row.status as SubscriberStatus,
    reason: row.suppressed_reason as SuppressionReason | null,
    detail: row.suppressed_detail,
    at: row.suppressed_at,
  }));
}

/** The edition whose Message-ID starts `<hash.`: what a VERP address names. */
export async function editionByMessageHash(db: Db, hash: string): Promise<{ id: number; subscriberId: number; state: string } | null> {
  // A range on the index rather than LIKE, which SQLite would not serve from it.
  const row = await db
    .selectFrom('editions')
    .select(['id', 'subscriber_id', 'state'])
    .where('message_id', '>=', `<${hash}.`)
    .where('message_id', '<', `<${hash}/`)
    .executeTakeFirst();
  return row ? { id: row.id, subscriberId: row.subscriber_id, state: row.state } : null;
}

/**
 * A delivery the server accepted and a later DSN failed: `failed`, with the
 * DSN's status and diagnostic. Only from `sent` (or `unknown`): a delivery
 * already failed by an SMTP 5xx keeps its own answer and is not counted twice.
 */
export async function failSentEdition(db: Db, id: number, dsn: { status: string; code: number | null; diagnostic: string }, now: Date): Promise<number | null> {
  const row = await db
    .updateTable('editions')
    .set({ state: 'failed', dsn_status: dsn.status, last_code: dsn.code, last_response: dsn.diagnostic, last_command: 'DSN', updated_at: now.toISOString() })
    .where('id', '=', id)
    .where('state', 'in', ['sent', 'unknown'])
    .returning('subscriber_id')
    .executeTakeFirst();
  return row?.subscriber_id ?? null;
}

/**
 * How many of the subscriber's latest deliveries failed in a row (newest
 * first, up to `limit`). Read from the rows, not a counter: through a relay
 * every send is accepted first and fails hours later, so a counter reset on
 * acceptance would never reach the limit.
 */
export async function consecutiveFailures(db: Db, subscriberId: number, limit: number): Promise<number> {
  const rows = await db
    .selectFrom('editions')
    .select('state')
    .where('subscriber_id', '=', subscriberId)
    .where('state', 'in', ['sent', 'failed'])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  let failures = 0;
  for (const row of rows) {
    if (row.state !== 'failed') break;
    failures++;
  }
  return failures;
}

export async function mailEventHandled(db: Db, mailKey: string): Promise<boolean> {
  return (await db.selectFrom('mail_events').select('id').where('mail_key', '=', mailKey).executeTakeFirst()) !== undefined;
}

/** Records a handled mail; false when it was recorded before (then its effects were applied before too). */
export async function recordMailEvent(db: Db, event: MailEvent, now: Date): Promise<boolean> {
  const result = await db
    .insertInto('mail_events')
    .values({
      mail_key: event.mailKey,
      kind: event.kind,
      edition_id: event.editionId,
      subscriber_id: event.subscriberId,
      status: event.status,
      detail: event.detail,
      received_at: event.receivedAt,
      handled_at: now.toISOString(),
    })
    .onConflict((oc) => oc.column('mail_key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Handled mails per kind, for `paperboy status`. */
export async function countMailEvents(db: Db): Promise<Record<string, number>> {
  const rows = await db.selectFrom('mail_events').select(['kind', db.fn.countAll<number>().as('n')]).groupBy('kind').execute();
  return Object.fromEntries(rows.map((row) => [row.kind, Number(row.n)]));
}
