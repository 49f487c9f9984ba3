import { sql, type Selectable } from 'kysely';
import type { SentPapers } from '../sent-papers.js';
import type { Digest, EditionKind, Paper } from '../types.js';
import type { Db } from './database.js';
import { engineOf, inTransaction, onSqlite, type SqliteStatements } from './engine.js';
import { toPaper } from './papers.js';
import { recordSentPapersSqlite, sentHistoryRow, sentPapersSince, type SentPaper } from './sent-history.js';
import { encodeDigest, readDigest } from './stored-digest.js';
import type { EditionsTable } from './schema.js';

export type DeliveryState = 'empty' | 'planned' | 'sending' | 'sent' | 'retry' | 'failed' | 'unknown';

export interface Edition {
  id: number;
  subscriberId: number;
  email: string;
  kind: EditionKind;
  period: string;
  state: DeliveryState;
  messageId: string | null;
  attempts: number;
  lastCode: number | null;
  lastResponse: string | null;
  lastCommand: string | null;
  /** The enhanced status of a later bounce (DSN) that failed the delivery, e.g. `5.1.1`. */
  dsnStatus: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
}

/**
 * Records an edition as `planned`, with the papers it carries, in one
 * transaction. Returns null when an edition for that (subscriber, kind,
 * period) exists already: then someone planned it before, and it must not
 * be planned (or sent) again.
 */
export async function planEdition(db: Db, digest: Digest, messageId: string, now: Date): Promise<number | null> {
  const [id] = await planEditions(db, [{ digest, messageId }], now);
  return id;
}

/**
 * planEdition for several editions in one transaction (one commit instead of
 * one per message): the id of each, or null where it existed already.
 */
export async function planEditions(db: Db, editions: readonly { digest: Digest; messageId: string }[], now: Date): Promise<(number | null)[]> {
  const at = now.toISOString();
  if (engineOf(db) === 'sqlite') {
    return onSqlite(db, (statements) =>
      statements.transaction(() =>
        editions.map(({ digest, messageId }) => {
          const row = statements.get(PLAN_SQL).get(digest.subscriber.id, digest.kind, digest.period, messageId, at, at) as { id: number } | undefined;
          if (!row) return null;
          statements.get(PLAN_DIGEST_SQL).run(row.id, encodeDigest(digest));
          recordSentPapers(statements, digest, row.id);
          return row.id;
        }),
      ),
    );
  }
  return planOnPostgres(db, editions, at);
}

const PLAN_SQL = `insert into editions (subscriber_id, kind, period, state, message_id, created_at, updated_at)
  values (?, ?, ?, 'planned', ?, ?, ?) on conflict do nothing returning id`;
const PLAN_DIGEST_SQL = 'insert into edition_digests (edition_id, digest) values (?, ?)';

/** An edition's papers as sent_history files them (sent-history.ts): the one row a run reads. */
function recordSentPapers(statements: SqliteStatements, digest: Digest, editionId: number): void {
  recordSentPapersSqlite(statements, { subscriberId: digest.subscriber.id, kind: digest.kind, editionId }, sentPapersOf(digest));
}

/**
 * The day an instant falls on, counted from 1970-01-01 in UTC: how
 * sent_history files a paper (by the day it was first seen) so that a run
 * reads only the rows of the papers it may send.
 */
export function sentDay(at: string | Date): number {
  const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
  return Number.isNaN(ms) ? 0 : Math.floor(ms / 86_400_000);
}

/**
 * planEditions on PostgreSQL, where each statement is a round trip to the
 * server: one statement for a batch (editions, their digests and their
 * sent_history rows, by data-modifying CTEs), which also makes it one commit.
 */
async function planOnPostgres(db: Db, editions: readonly { digest: Digest; messageId: string }[], at: string): Promise<(number | null)[]> {
  if (editions.length > EDITIONS_PER_INSERT) {
    return inTransaction(db, async (trx) => {
      const ids: (number | null)[] = [];
      for (let i = 0; i < editions.length; i += EDITIONS_PER_INSERT) ids.push(...(await planOnPostgres(trx, editions.slice(i, i + EDITIONS_PER_INSERT), at)));
      return ids;
    });
  }
  const history = editions.map(({ digest }) => {
    const sent = sentPapersOf(digest);
    return sent.length > 0 ? sentHistoryRow(sent) : { last_day: 0, first_day: 0, papers: '', days: '' };
  });
  const { rows } = await sql<{ id: number; subscriber_id: number; kind: string; period: string }>`with input as (
      select * from unnest(${editions.map(({ digest }) => digest.subscriber.id)}::int[], ${editions.map(({ digest }) => digest.kind)}::text[], ${editions.map(({ digest }) => digest.period)}::text[],
        ${editions.map(({ messageId }) => messageId)}::text[], ${editions.map(({ digest }) => encodeDigest(digest))}::text[],
        ${history.map((row) => row.last_day)}::int[], ${history.map((row) => row.first_day)}::int[], ${history.map((row) => row.papers)}::text[], ${history.map((row) => row.days)}::text[])
        as i(subscriber_id, kind, period, message_id, digest, last_day, first_day, papers, days)
    ), planned as (
      insert into editions (subscriber_id, kind, period, state, message_id, created_at, updated_at)
      select subscriber_id, kind, period, 'planned', message_id, ${at}, ${at} from input
      on conflict do nothing returning id, subscriber_id, kind, period
    ), digests as (
      insert into edition_digests (edition_id, digest) select planned.id, input.digest from planned join input using (subscriber_id, kind, period)
    ), sent as (
      insert into sent_history (subscriber_id, kind, last_day, edition_id, first_day, papers, days)
      select input.subscriber_id, input.kind, input.last_day, planned.id, input.first_day, input.papers, input.days
      from planned join input using (subscriber_id, kind, period) where input.papers <> ''
      on conflict do nothing
    )
    select id, subscriber_id, kind, period from planned`.execute(db);
  // RETURNING gives the rows inserted, in no promised order: match them by their key.
  const byKey = new Map(rows.map((row) => [`${row.subscriber_id}|${row.kind}|${row.period}`, row.id]));
  return editions.map(({ digest }) => byKey.get(`${digest.subscriber.id}|${digest.kind}|${digest.period}`) ?? null);
}

const EDITIONS_PER_INSERT = 500;

/** The papers a digest carries, each with the day it was first seen. */
function sentPapersOf(digest: Digest): SentPaper[] {
  return digest.sections.flatMap((section) => section.matches.map((match): SentPaper => [sentDay(match.paper.firstSeenAt), match.paper.id]));
}

/** An edition with nothing to send is recorded too, so it is not due again. */
export async function recordEmptyEdition(db: Db, edition: { subscriberId: number; kind: EditionKind; period: string }, now: Date): Promise<boolean> {
  const at = now.toISOString();
  const result = await db
    .insertInto('editions')
    .values({ subscriber_id: edition.subscriberId, kind: edition.kind, period: edition.period, state: 'empty', created_at: at, updated_at: at })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/**
 * planned | retry → sending, by compare-and-set, for runner `claimedBy`
 * (see recoverDeadRunners): false means another process owns the delivery,
 * or it is no longer sendable.
 */
export async function claimEdition(db: Db, id: number, now: Date, claimedBy: string): Promise<boolean> {
  const [claimed] = await recordDeliverySteps(db, [{ step: 'claim', id, claimedBy }], now);
  return claimed;
}

const CLAIM_SQL = "update editions set state = 'sending', attempts = attempts + 1, updated_at = ?, claimed_by = ? where id = ? and state in ('planned', 'retry')";

export async function recordSent(db: Db, id: number, reply: { code: number; response: string }, now: Date): Promise<void> {
  const at = now.toISOString();
  if (engineOf(db) === 'sqlite') {
    await onSqlite(db, (statements) => statements.get(SENT_SQL).run(reply.code, reply.response, at, at, id));
    return;
  }
  await db
    .updateTable('editions')
    .set({ state: 'sent', last_code: reply.code, last_response: reply.response, last_command: null, next_attempt_at: null, sent_at: at, updated_at: at })
    .where('id', '=', id)
    .where('state', '=', 'sending')
    .execute();
}

const SENT_SQL = "update editions set state = 'sent', last_code = ?, last_response = ?, last_command = null, next_attempt_at = null, sent_at = ?, updated_at = ? where id = ? and state = 'sending'";

/**
 * The server accepted an edition: it is `sent`, and its subscriber's run of
 * permanent failures is over. One commit for both, on the hot path of every
 * message.
 */
export async function recordAccepted(db: Db, edition: { id: number; subscriberId: number }, reply: { code: number; response: string }, now: Date): Promise<void> {
  await recordDeliverySteps(db, [{ step: 'accepted', id: edition.id, subscriberId: edition.subscriberId, ...reply }], now);
}

// Nearly always a no-op: only a subscriber with failures is written to.
const RESET_FAILURES_SQL = 'update subscribers set permanent_failures = 0 where id = ? and permanent_failures > 0';

export async function recordFailure(
  db: Db,
  id: number,
  failure: { state: 'retry' | 'failed'; code: number | null; response: string; command: string | null; nextAttemptAt: Date | null },
  now: Date,
): Promise<void> {
  await db
    .updateTable('editions')
    .set({
      state: failure.state,
      last_code: failure.code,
      last_response: failure.response,
      last_command: failure.command,
      next_attempt_at: failure.nextAttemptAt?.toISOString() ?? null,
      updated_at: now.toISOString(),
    })
    .where('id', '=', id)
    .where('state', '=', 'sending')
    .execute();
}

/** Puts deliveries in the given states back in line (state `retry`), for active subscribers only. */
export async function requeueEditions(db: Db, states: DeliveryState[], now: Date): Promise<number[]> {
  const rows = await db
    .updateTable('editions')
    .set({ state: 'retry', next_attempt_at: null, updated_at: now.toISOString() })
    .where('state', 'in', states)
    .where('subscriber_id', 'in', db.selectFrom('subscribers').select('id').where('status', '=', 'active'))
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}

export async function listEditions(db: Db, filter: { state?: DeliveryState; ids?: number[]; subscriberId?: number; limit?: number } = {}): Promise<Edition[]> {
  let query = db.selectFrom('editions').innerJoin('subscribers', 'subscribers.id', 'editions.subscriber_id').selectAll('editions').select('subscribers.email');
  if (filter.state) query = query.where('editions.state', '=', filter.state);
  if (filter.ids) query = query.where('editions.id', 'in', filter.ids.length > 0 ? filter.ids : [-1]);
  if (filter.subscriberId !== undefined) query = query.where('editions.subscriber_id', '=', filter.subscriberId);
  if (filter.limit) query = query.limit(filter.limit);
  const rows = await query.orderBy('editions.id').execute();
  return rows.map(toEdition);
}

export async function countEditionsByState(db: Db): Promise<Record<string, number>> {
  const rows = await db.selectFrom('editions').select(['state', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('state').execute();
  return Object.fromEntries(rows.map((row) => [row.state, Number(row.n)]));
}

/**
 * The papers each subscriber already has in a digest of this kind: those
 * first seen on or after `since`'s day (a run's candidates are never older,
 * and the rows of older editions are skipped by the key, not read), or all
 * of them.
 */
export async function papersAlreadySent(db: Db, kind: EditionKind, subscriberIds: number[], since?: Date): Promise<Map<number, SentPapers>> {
  return sentPapersSince(db, kind, subscriberIds, since ? sentDay(since) : 0);
}

/** The digest of an edition, rebuilt with its papers as stored now. */
export async function loadDigest(db: Db, id: number): Promise<{ edition: Edition; digest: Digest } | null> {
  const [edition] = await listEditions(db, { ids: [id] });
  const row = await db.selectFrom('edition_digests').select('digest').where('edition_id', '=', id).executeTakeFirst();
  if (!edition || !row?.digest) return null;
  const stored = readDigest(row.digest);
  const ids = stored.paperIds;
  const papers = new Map<string, Paper>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db.selectFrom('papers').selectAll().where('id', 'in', ids.slice(i, i + 500)).execute();
    for (const paper of rows) papers.set(paper.id, toPaper(paper));
  }
  return { edition, digest: stored.withPapers(papers) };
}

function toEdition(row: Selectable<EditionsTable> & { email: string }): Edition {
  return {
    id: row.id,
    subscriberId: row.subscriber_id,
    email: row.email,
    kind: row.kind as EditionKind,
    period: row.period,
    state: row.state as DeliveryState,
    messageId: row.message_id,
    attempts: row.attempts,
    lastCode: row.last_code,
    lastResponse: row.last_response,
    lastCommand: row.last_command,
    dsnStatus: row.dsn_status,
    nextAttemptAt: row.next_attempt_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    sentAt: row.sent_at,
  };
}

/**
 * The latest period recorded for each daily or weekly subscriber (those
 * whose ids lie in `ids`, when given), of the kind they get now: all the due
 * computation asks. Looked up subscriber by subscriber in the editions' key,
 * so a month of history costs no more than a day of it.
 */
export async function latestPeriods(db: Db, options: { ids?: { from: number; to: number } } = {}): Promise<{ subscriberId: number; kind: EditionKind; period: string }[]> {
  let query = db
    .selectFrom('subscribers as s')
    .select((eb) => [
      's.id as subscriber_id',
      's.frequency as kind',
      eb.selectFrom('editions as e').select((inner) => inner.fn.max('e.period').as('latest')).whereRef('e.subscriber_id', '=', 's.id').whereRef('e.kind', '=', 's.frequency').as('period'),
    ])
    .where('s.frequency', 'in', ['daily', 'weekly']);
  if (options.ids) query = query.where('s.id', '>=', options.ids.from).where('s.id', '<=', options.ids.to);
  const rows = await query.execute();
  return rows.flatMap((row) => (row.period == null ? [] : [{ subscriberId: row.subscriber_id, kind: row.kind as EditionKind, period: String(row.period) }]));
}

/** One step of a delivery on the hot path: claiming it for a runner (planned | retry → sending), or the server's acceptance (sending → sent). */
export type DeliveryStep = { step: 'claim'; id: number; claimedBy: string } | { step: 'accepted'; id: number; subscriberId: number; code: number; response: string };

/**
 * Records the steps of many deliveries in one transaction, one commit for
 * all: for each step, whether it changed its edition (a claim another
 * process won, or an acceptance of a delivery no longer `sending`, did not).
 * Steps of one call must name distinct editions.
 */
export async function recordDeliverySteps(db: Db, steps: readonly DeliveryStep[], now: Date): Promise<boolean[]> {
  if (steps.length === 0) return [];
  const at = now.toISOString();
  if (engineOf(db) === 'sqlite') {
    return onSqlite(db, (statements) =>
      statements.transaction(() =>
        steps.map((step) => {
          if (step.step === 'claim') return statements.get(CLAIM_SQL).run(at, step.claimedBy, step.id).changes === 1;
          const changed = statements.get(SENT_SQL).run(step.code, step.response, at, at, step.id).changes === 1;
          statements.get(RESET_FAILURES_SQL).run(step.subscriberId);
          return changed;
        }),
      ),
    );
  }
  return deliveryStepsOnPostgres(db, steps, at);
}

/**
 * recordDeliverySteps on PostgreSQL in one statement, so one round trip and
 * one commit for the batch: the CTEs' updates run whether or not their rows
 * are read, and touch distinct rows (a claim's edition is not `sending`).
 */
async function deliveryStepsOnPostgres(db: Db, steps: readonly DeliveryStep[], at: string): Promise<boolean[]> {
  const claims = steps.filter((step) => step.step === 'claim');
  const accepted = steps.filter((step) => step.step === 'accepted');
  const { rows } = await sql<{ id: number }>`with claimed as (
      update editions set state = 'sending', attempts = attempts + 1, updated_at = ${at}, claimed_by = c.claimed_by
      from unnest(${claims.map((step) => step.id)}::int[], ${claims.map((step) => step.claimedBy)}::text[]) as c(id, claimed_by)
      where editions.id = c.id and editions.state in ('planned', 'retry') returning editions.id
    ), sent as (
      update editions set state = 'sent', last_code = v.code, last_response = v.response, last_command = null, next_attempt_at = null, sent_at = ${at}, updated_at = ${at}
      from unnest(${accepted.map((step) => step.id)}::int[], ${accepted.map((step) => step.code)}::int[], ${accepted.map((step) => step.response)}::text[]) as v(id, code, response)
      where editions.id = v.id and editions.state = 'sending' returning editions.id
    ), reset as (
      update subscribers set permanent_failures = 0 where id = any(${accepted.map((step) => step.subscriberId)}::int[]) and permanent_failures > 0
    )
    select id from claimed union all select id from sent`.execute(db);
  const changed = new Set(rows.map((row) => Number(row.id)));
  return steps.map((step) => changed.has(step.id));
}
