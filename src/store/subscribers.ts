import type { Frequency, Subscriber, SubscriberSchedule, SubscriberStatus, Topic } from '../types.js';
import type { Db } from './database.js';
import { engineOf, inTransaction, onSqlite, type SqliteStatements } from './engine.js';
import type { Selectable } from 'kysely';
import type { SubscribersTable } from './schema.js';

type SubscriberRow = Selectable<SubscribersTable>;

/** What a person or a file says about a subscriber; the store adds id, status and times. */
export type SubscriberInput = Pick<Subscriber, 'email' | 'name' | 'timezone' | 'frequency' | 'sendHour' | 'sendWeekday' | 'maxPapers' | 'topics'>;

export async function listSubscribers(db: Db, options: { status?: SubscriberStatus } = {}): Promise<Subscriber[]> {
  let query = db.selectFrom('subscribers').selectAll().orderBy('id');
  if (options.status) query = query.where('status', '=', options.status);
  const rows = await query.execute();
  const topics = await topicsBySubscriber(db, options.status);
  return rows.map((row) => toSubscriber(row, topics.get(row.id) ?? []));
}

/**
 * Subscribers' schedules (by id), without their topics and settings: a run
 * works out what is due from these, a page at a time (`afterId`, `limit`),
 * and reads the rest a batch at a time as it builds (subscribersByIds).
 */
export async function listSchedules(db: Db, options: { status?: SubscriberStatus; frequency?: Frequency; afterId?: number; limit?: number } = {}): Promise<SubscriberSchedule[]> {
  let query = db.selectFrom('subscribers').select(['id', 'email', 'status', 'frequency', 'timezone', 'send_hour', 'send_weekday']).orderBy('id');
  if (options.status) query = query.where('status', '=', options.status);
  if (options.frequency) query = query.where('frequency', '=', options.frequency);
  if (options.afterId !== undefined) query = query.where('id', '>', options.afterId);
  if (options.limit !== undefined) query = query.limit(options.limit);
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    email: row.email,
    status: row.status as SubscriberStatus,
    frequency: row.frequency as Frequency,
    timezone: row.timezone,
    sendHour: row.send_hour,
    sendWeekday: row.send_weekday,
  }));
}

/** These subscribers with their topics, by id; an id no longer stored is left out. */
export async function subscribersByIds(db: Db, ids: readonly number[]): Promise<Map<number, Subscriber>> {
  const found = new Map<number, Subscriber>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const rows = await db.selectFrom('subscribers').selectAll().where('id', 'in', chunk).execute();
    const topics = groupTopics(await db.selectFrom('topics').select(['subscriber_id', 'name', 'query']).where('subscriber_id', 'in', chunk).orderBy('subscriber_id').orderBy('position').execute());
    for (const row of rows) found.set(row.id, toSubscriber(row, topics.get(row.id) ?? []));
  }
  return found;
}

export async function findSubscriberByEmail(db: Db, email: string): Promise<Subscriber | null> {
  const row = await db.selectFrom('subscribers').selectAll().where('email', '=', normaliseEmail(email)).executeTakeFirst();
  return row ? toSubscriber(row, await topicsOf(db, row.id)) : null;
}

export async function findSubscriberById(db: Db, id: number): Promise<Subscriber | null> {
  const row = await db.selectFrom('subscribers').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toSubscriber(row, await topicsOf(db, row.id)) : null;
}

/**
 * Adds subscribers or updates them by email, all in one transaction (an import
 * is all or nothing); mergeOf says what happens to each row.
 */
export async function upsertSubscribers(
  db: Db,
  inputs: SubscriberInput[],
  options: { now: Date; status: SubscriberStatus; seedHashes?: ReadonlyMap<string, string> },
): Promise<{ added: number; updated: number; unchanged: number }> {
  const at = options.now.toISOString();
  const counts = { added: 0, updated: 0, unchanged: 0 };
  if (engineOf(db) === 'sqlite') {
    // Prepared once, run synchronously: a 100,000-entry seed file merges in seconds, not tens of them.
    // Immediate: it reads before it writes, and several processes merge at once when they start together.
    await onSqlite(db, (statements) =>
      statements.transaction(() => {
        for (const input of inputs) counts[upsertOnSqlite(statements, input, at, options)]++;
      }, { immediate: true }),
    );
    return counts;
  }
  await inTransaction(db, async (trx) => {
    for (const input of inputs) {
      const email = normaliseEmail(input.email);
      const existing = await trx.selectFrom('subscribers').selectAll().where('email', '=', email).executeTakeFirst();
      const merge = mergeOf(input, existing ?? null, existing ? await topicsOf(trx, existing.id) : [], options);
      if (merge.action === 'added') {
        const { id } = await trx
          .insertInto('subscribers')
          .values({ email, ...merge.fields, ...merge.seed, status: merge.status, created_at: at, updated_at: at })
          .returning('id')
          .executeTakeFirstOrThrow();
        await replaceTopics(trx, id, input.topics);
      } else if (merge.action === 'unchanged') {
        if (merge.seedChanged) await trx.updateTable('subscribers').set(merge.seed).where('id', '=', existing!.id).execute();
      } else {
        await trx.updateTable('subscribers').set({ ...merge.fields, ...merge.seed, status: merge.status, updated_at: at }).where('id', '=', existing!.id).execute();
        await replaceTopics(trx, existing!.id, input.topics);
      }
      counts[merge.action]++;
    }
  });
  return counts;
}

interface Merge {
  action: 'added' | 'updated' | 'unchanged';
  fields: ReturnType<typeof subscriberColumns>;
  /** Only a seed merge says which entry set the row; other writers leave it as it is. */
  seed: { seed_hash?: string | null };
  seedChanged: boolean;
  status: SubscriberStatus;
}

/**
 * What merging one entry does to its row. A subscriber who unsubscribed or
 * bounced stays so: a seed file that still lists them must not sign them up
 * again.
 */
function mergeOf(input: SubscriberInput, existing: SubscriberRow | null, oldTopics: Topic[], options: { status: SubscriberStatus; seedHashes?: ReadonlyMap<string, string> }): Merge {
  const fields = subscriberColumns(input);
  const seed = options.seedHashes ? { seed_hash: options.seedHashes.get(normaliseEmail(input.email)) ?? null } : {};
  if (!existing) return { action: 'added', fields, seed, seedChanged: false, status: options.status };
  const keepStatus = existing.status === 'unsubscribed' || existing.status === 'bounced' || existing.status === 'active';
  const status = keepStatus ? (existing.status as SubscriberStatus) : options.status;
  const seedChanged = seed.seed_hash !== undefined && existing.seed_hash !== seed.seed_hash;
  const same = sameFields(existing, fields) && existing.status === status && sameTopics(oldTopics, input.topics);
  return { action: same ? 'unchanged' : 'updated', fields, seed, seedChanged, status };
}

function upsertOnSqlite(statements: SqliteStatements, input: SubscriberInput, at: string, options: { status: SubscriberStatus; seedHashes?: ReadonlyMap<string, string> }): Merge['action'] {
  const email = normaliseEmail(input.email);
  const existing = statements.get('select * from subscribers where email = ?').get(email) as SubscriberRow | undefined;
  const oldTopics = existing ? (statements.get('select name, query from topics where subscriber_id = ? order by position').all(existing.id) as Topic[]) : [];
  const merge = mergeOf(input, existing ?? null, oldTopics, options);
  const { name, timezone, frequency, send_hour, send_weekday, max_papers } = merge.fields;
  const seedHash = merge.seed.seed_hash;
  let id = existing?.id;
  if (merge.action === 'added') {
    const row = statements.get(
      `insert into subscribers (email, name, timezone, frequency, send_hour, send_weekday, max_papers, seed_hash, status, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id`,
    ).get(email, name, timezone, frequency, send_hour, send_weekday, max_papers, seedHash ?? null, merge.status, at, at) as { id: number };
    id = row.id;
  } else if (merge.action === 'unchanged') {
    if (merge.seedChanged) statements.get('update subscribers set seed_hash = ? where id = ?').run(seedHash ?? null, id);
    return merge.action;
  } else {
    statements.get(
      `update subscribers set name = ?, timezone = ?, frequency = ?, send_hour = ?, send_weekday = ?, max_papers = ?, status = ?, updated_at = ?,
       seed_hash = case when ? then ? else seed_hash end where id = ?`,
    ).run(name, timezone, frequency, send_hour, send_weekday, max_papers, merge.status, at, seedHash === undefined ? 0 : 1, seedHash ?? null, id);
  }
  statements.get('delete from topics where subscriber_id = ?').run(id);
  const insertTopic = statements.get('insert into topics (subscriber_id, position, name, query) values (?, ?, ?, ?)');
  input.topics.forEach((topic, position) => insertTopic.run(id, position, topic.name, topic.query));
  return merge.action;
}

/**
 * Sets a subscriber's status. An unsubscribe this way is the reader's own
 * click (the page or the one-click POST), and says so; any other status
 * clears the reason. Suppressions with another reason: suppressSubscriber.
 */
export async function setSubscriberStatus(db: Db, id: number, status: SubscriberStatus, now: Date): Promise<void> {
  const at = now.toISOString();
  const why =
    status === 'unsubscribed'
      ? { suppressed_reason: 'unsubscribe-link', suppressed_detail: null, suppressed_at: at }
      : status === 'bounced'
        ? {}
        : { suppressed_reason: null, suppressed_detail: null, suppressed_at: null };
  await db.updateTable('subscribers').set({ status, ...why, updated_at: at }).where('id', '=', id).execute();
}

/**
 * Counts a permanent failure (or, with `accepted`, clears the count) and
 * returns the count: consecutive permanent failures are what make a bounce.
 */
export async function countPermanentFailure(db: Db, id: number, outcome: 'failed' | 'accepted'): Promise<number> {
  if (outcome === 'accepted') {
    // Nearly always a no-op: only a subscriber with failures is written to.
    await db.updateTable('subscribers').set({ permanent_failures: 0 }).where('id', '=', id).where('permanent_failures', '>', 0).execute();
    return 0;
  }
  const row = await db
    .updateTable('subscribers')
    .set((eb) => ({ permanent_failures: eb('permanent_failures', '+', 1) }))
    .where('id', '=', id)
    .returning('permanent_failures')
    .executeTakeFirst();
  return row?.permanent_failures ?? 0;
}

/**
 * Makes every link signed for this subscriber before `now` stop working
 * (see src/link-tokens.ts); links signed from `now` on work. Returns false
 * when there is no such subscriber.
 */
export async function rotateSubscriberLinks(db: Db, id: number, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('subscribers')
    .set({ links_valid_from: Math.floor(now.getTime() / 1000), updated_at: now.toISOString() })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The instant before which this subscriber's links are refused, or null when every link works. */
export async function subscriberLinksValidFrom(db: Db, id: number): Promise<Date | null> {
  const row = await db.selectFrom('subscribers').select('links_valid_from').where('id', '=', id).executeTakeFirst();
  return row?.links_valid_from == null ? null : new Date(row.links_valid_from * 1000);
}

export async function removeSubscriber(db: Db, email: string): Promise<boolean> {
  const result = await db.deleteFrom('subscribers').where('email', '=', normaliseEmail(email)).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Addresses compare case-insensitively; the store keeps them lower-cased. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** A subscriber's settings as columns (what a file or a form may change). */
function subscriberColumns(input: SubscriberInput) {
  return {
    name: input.name,
    timezone: input.timezone,
    frequency: input.frequency,
    send_hour: input.sendHour,
    send_weekday: input.sendWeekday,
    max_papers: input.maxPapers,
  };
}

/** Replaces all of a subscriber's topics (call inside a transaction). */
export async function replaceTopics(db: Db, subscriberId: number, topics: Topic[]): Promise<void> {
  await db.deleteFrom('topics').where('subscriber_id', '=', subscriberId).execute();
  if (topics.length === 0) return;
  await db
    .insertInto('topics')
    .values(topics.map((topic, position) => ({ subscriber_id: subscriberId, position, name: topic.name, query: topic.query })))
    .execute();
}

async function topicsOf(db: Db, subscriberId: number): Promise<Topic[]> {
  const rows = await db.selectFrom('topics').select(['name', 'query']).where('subscriber_id', '=', subscriberId).orderBy('position').execute();
  return rows.map((row) => ({ name: row.name, query: row.query }));
}

async function topicsBySubscriber(db: Db, status?: SubscriberStatus): Promise<Map<number, Topic[]>> {
  let query = db.selectFrom('topics').select(['subscriber_id', 'name', 'query']).orderBy('subscriber_id').orderBy('position');
  if (status) query = query.where('subscriber_id', 'in', db.selectFrom('subscribers').select('id').where('status', '=', status));
  return groupTopics(await query.execute());
}

/** Topic rows (in position order) by subscriber. */
function groupTopics(rows: readonly { subscriber_id: number; name: string; query: string }[]): Map<number, Topic[]> {
  const byId = new Map<number, Topic[]>();
  for (const row of rows) {
    const list = byId.get(row.subscriber_id) ?? [];
    list.push({ name: row.name, query: row.query });
    byId.set(row.subscriber_id, list);
  }
  return byId;
}

function sameFields(row: SubscriberRow, fields: ReturnType<typeof subscriberColumns>): boolean {
  return (Object.keys(fields) as (keyof typeof fields)[]).every((key) => row[key] === fields[key]);
}

function sameTopics(a: Topic[], b: Topic[]): boolean {
  return a.length === b.length && a.every((topic, i) => topic.name === b[i].name && topic.query === b[i].query);
}

function toSubscriber(row: SubscriberRow, topics: Topic[]): Subscriber {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    timezone: row.timezone,
    frequency: row.frequency as Frequency,
    sendHour: row.send_hour,
    sendWeekday: row.send_weekday,
    maxPapers: row.max_papers,
    alsoForYou: row.also_for_you ?? null,
    status: row.status as SubscriberStatus,
    topics,
    createdAt: row.created_at,
  };
}

/**
 * Inserts many new subscribers (active) in one transaction with multi-row
 * statements: for `paperboy bench` and large first imports, where the
 * one-by-one merge of upsertSubscribers would dominate.
 */
export async function bulkInsertSubscribers(db: Db, inputs: SubscriberInput[], now: Date): Promise<void> {
  const at = now.toISOString();
  await inTransaction(db, async (trx) => {
    for (let i = 0; i < inputs.length; i += 500) {
      const chunk = inputs.slice(i, i + 500);
      const rows = await trx
        .insertInto('subscribers')
        .values(
          chunk.map((input) => ({
            email: normaliseEmail(input.email),
            ...subscriberColumns(input),
            status: 'active',
            created_at: at,
            updated_at: at,
          })),
        )
        .returning(['id', 'email'])
        .execute();
      // SQLite does not promise RETURNING order: match rows by address.
      const ids = new Map(rows.map((row) => [row.email, row.id]));
      const topics = chunk.flatMap((input) =>
        input.topics.map((topic, position) => ({ subscriber_id: ids.get(normaliseEmail(input.email))!, position, name: topic.name, query: topic.query })),
      );
      for (let k = 0; k < topics.length; k += 2000) await trx.insertInto('topics').values(topics.slice(k, k + 2000)).execute();
    }
  });
}
