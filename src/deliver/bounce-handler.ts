// What a mail of the bounce mailbox changes in the store. Each handled mail
// is recorded (mail_events, keyed by the mail) in the same transaction as
// its effects, so a mail seen again, say after a crash before it was moved,
// changes nothing the second time.

import type { Db } from '../store/index.js';
import {
  consecutiveFailures,
  editionByMessageHash,
  failSentEdition,
  findSubscriberById,
  recordMailEvent,
  suppressSubscriber,
  type MailEventKind,
} from '../store/index.js';
import { isPaperboyError } from '../errors.js';
import { verifyToken } from '../link-tokens.js';
import type { ReadMail } from './bounce-mail.js';

export type MailOutcome =
  /** A permanent failure: the delivery failed with the DSN's status. */
  | { kind: 'bounce'; email: string | null; status: string; bounced: boolean }
  /** A temporary failure (4.x.x, delayed): recorded, nothing else changes. */
  | { kind: 'delay'; email: string | null; status: string }
  | { kind: 'complaint'; email: string | null }
  | { kind: 'unsubscribe'; email: string | null }
  /** Handled before: nothing changed now. */
  | { kind: 'seen-before' }
  /** Left in the mailbox for a person. */
  | { kind: 'left'; reason: string };

export interface HandleOptions {
  secret: string;
  now: Date;
  /** Consecutive failed deliveries after which a subscriber is marked bounced, as for SMTP 5xx. */
  bounceAfter?: number;
}

export async function handleBounceMail(db: Db, read: ReadMail, options: HandleOptions): Promise<MailOutcome> {
  const { mail } = read;
  switch (mail.kind) {
    case 'other':
      return { kind: 'left', reason: mail.reason };
    case 'dsn':
      return handleDsn(db, read, mail, options);
    case 'complaint':
      return handleComplaint(db, read, mail, options);
    case 'unsubscribe': {
      const subscriberId = verifiedSubscriber(options.secret, mail.token, options.now);
      if (subscriberId === null) return { kind: 'left', reason: 'an unsubscribe mail whose token is not genuine' };
      return db.transaction().execute(async (trx) => {
        const subscriber = await findSubscriberById(trx, subscriberId);
        if (!subscriber) return { kind: 'left', reason: 'an unsubscribe mail for a subscriber no longer stored' } as const;
        if (!(await record(trx, read, 'unsubscribe', { subscriberId, editionId: null, status: null, detail: `mail from ${read.from}` }, options.now))) return { kind: 'seen-before' } as const;
        await suppressSubscriber(trx, subscriberId, { status: 'unsubscribed', reason: 'unsubscribe-mail', detail: `mail from ${read.from}` }, options.now);
        return { kind: 'unsubscribe', email: subscriber.email } as const;
      });
    }
  }
}

async function handleDsn(db: Db, read: ReadMail, mail: Extract<ReadMail['mail'], { kind: 'dsn' }>, options: HandleOptions): Promise<MailOutcome> {
  // A report on several recipients is about ours alone (one per message): the worst status speaks for it.
  const failed = mail.recipients.find((recipient) => recipient.action === 'failed' || recipient.status.startsWith('5'));
  const report = failed ?? mail.recipients[0];
  const permanent = failed !== undefined;
  return db.transaction().execute(async (trx) => {
    const edition = await editionByMessageHash(trx, mail.hashes[0]);
    if (!edition) return { kind: 'left', reason: 'a delivery report for a delivery no longer stored' } as const;
    const subscriber = await findSubscriberById(trx, edition.subscriberId);
    const email = subscriber?.email ?? null;
    const kind: MailEventKind = permanent ? 'bounce' : 'delay';
    const event = { subscriberId: edition.subscriberId, editionId: edition.id, status: report.status || null, detail: report.diagnostic };
    if (!(await record(trx, read, kind, event, options.now))) return { kind: 'seen-before' } as const;
    if (!permanent) return { kind: 'delay', email, status: report.status } as const;
    const failedNow = await failSentEdition(trx, edition.id, { status: report.status, code: report.code, diagnostic: report.diagnostic }, options.now);
    let bounced = false;
    const limit = options.bounceAfter ?? 3;
    if (failedNow !== null && (await consecutiveFailures(trx, edition.subscriberId, limit)) >= limit) {
      const detail = `${limit} deliveries in a row failed, the last: ${report.status} ${report.diagnostic}`;
      bounced = await suppressSubscriber(trx, edition.subscriberId, { status: 'bounced', reason: 'bounces', detail }, options.now);
    }
    return { kind: 'bounce', email, status: report.status, bounced } as const;
  });
}

async function handleComplaint(db: Db, read: ReadMail, mail: Extract<ReadMail['mail'], { kind: 'complaint' }>, options: HandleOptions): Promise<MailOutcome> {
  return db.transaction().execute(async (trx) => {
    let subscriberId: number | null = null;
    let editionId: number | null = null;
    for (const hash of mail.hashes) {
      const edition = await editionByMessageHash(trx, hash);
      if (edition) ({ subscriberId, id: editionId } = edition);
    }
    for (const token of mail.unsubscribeTokens) subscriberId ??= verifiedSubscriber(options.secret, token, options.now);
    const subscriber = subscriberId === null ? null : await findSubscriberById(trx, subscriberId);
    if (!subscriber) return { kind: 'left', reason: 'a complaint about a mail that names no subscriber still stored' } as const;
    const detail = `${mail.feedbackType} report from ${mail.reporter}`;
    if (!(await record(trx, read, 'complaint', { subscriberId: subscriber.id, editionId, status: mail.feedbackType, detail }, options.now))) return { kind: 'seen-before' } as const;
    await suppressSubscriber(trx, subscriber.id, { status: 'unsubscribed', reason: 'complaint', detail }, options.now);
    return { kind: 'complaint', email: subscriber.email } as const;
  });
}

function record(db: Db, read: ReadMail, kind: MailEventKind, event: { subscriberId: number | null; editionId: number | null; status: string | null; detail: string | null }, now: Date): Promise<boolean> {
  return recordMailEvent(db, { mailKey: read.mailKey, kind, receivedAt: read.receivedAt, ...event }, now);
}

/** The subscriber a genuine unsubscribe token names; null for a forged, malformed or foreign one. */
function verifiedSubscriber(secret: string, token: string, now: Date): number | null {
  try {
    return verifyToken(secret, token, 'unsubscribe', now).subscriberId;
  } catch (error) {
    if (isPaperboyError(error, 'PB_TOKEN_INVALID') || isPaperboyError(error, 'PB_TOKEN_EXPIRED')) return null;
    throw error;
  }
}
