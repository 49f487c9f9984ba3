import { sql } from 'kysely';
import type { ReaderModel } from '../learn/index.js';
import type { Paper } from '../types.js';
import type { Db } from './database.js';
import { engineOf, inTransaction } from './engine.js';
import { papersByIds } from './papers.js';
import { decodeReaderModel, encodeReaderModel } from './stored-model.js';

export type Vote = 'up' | 'down';

/** Records a subscriber's 👍/👎 on a paper; a later vote on the same paper replaces the earlier one. */
export async function recordVote(db: Db, vote: { subscriberId: number; paperId: string; vote: Vote }, now: Date): Promise<void> {
  await recordVotes(db, [vote], now);
}

/** Many votes at once, in one transaction (a later vote on the same paper wins). */
export async function recordVotes(db: Db, votes: readonly { subscriberId: number; paperId: string; vote: Vote }[], now: Date): Promise<void> {
  const at = now.toISOString();
  await inTransaction(db, async (trx) => {
    for (let i = 0; i < votes.length; i += 200) {
      const rows = votes.slice(i, i + 200).map((vote) => ({ subscriber_id: vote.subscriberId, paper_id: vote.paperId, vote: vote.vote, created_at: at, updated_at: at }));
      await trx
        .insertInto('feedback')
        .values(rows)
        .onConflict((oc) => oc.columns(['subscriber_id', 'paper_id']).doUpdateSet((eb) => ({ vote: eb.ref('excluded.vote'), updated_at: at })))
        .execute();
    }
    await recountVotes(trx, votes.map((vote) => vote.subscriberId));
  });
}

/** A subscriber's votes by paper id. */
export async function votesOf(db: Db, subscriberId: number): Promise<Map<string, Vote>> {
  const rows = await db.selectFrom('feedback').select(['paper_id', 'vote']).where('subscriber_id', '=', subscriberId).execute();
  return new Map(rows.map((row) => [row.paper_id, row.vote]));
}

/** A subscriber's voted papers, newest vote first (a vote whose paper is gone is left out). */
export async function votedPapers(db: Db, subscriberId: number): Promise<{ liked: Paper[]; disliked: Paper[] }> {
  const rows = await db.selectFrom('feedback').select(['paper_id', 'vote']).where('subscriber_id', '=', subscriberId).orderBy('updated_at', 'desc').orderBy('paper_id').execute();
  const papers = await papersByIds(db, rows.map((row) => row.paper_id));
  const liked: Paper[] = [];
  const disliked: Paper[] = [];
  for (const row of rows) {
    const paper = papers.get(row.paper_id);
    if (paper) (row.vote === 'up' ? liked : disliked).push(paper);
  }
  return { liked, disliked };
}

/** Takes back one vote; true when there was one. */
export async function removeVote(db: Db, subscriberId: number, paperId: string): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const result = await trx.deleteFrom('feedback').where('subscriber_id', '=', subscriberId).where('paper_id', '=', paperId).executeTakeFirst();
    await recountVotes(trx, [subscriberId]);
    return Number(result.numDeletedRows) > 0;
  });
}

/** Forgets every vote of a subscriber and what was learned from them; returns how many votes went. */
export async function forgetVotes(db: Db, subscriberId: number): Promise<number> {
  return inTransaction(db, async (trx) => {
    const result = await trx.deleteFrom('feedback').where('subscriber_id', '=', subscriberId).executeTakeFirst();
    await recountVotes(trx, [subscriberId]);
    await trx.deleteFrom('reader_models').where('subscriber_id', '=', subscriberId).execute();
    return Number(result.numDeletedRows);
  });
}

/**
 * Counts these subscribers' votes again into vote_tallies, in the
 * transaction that changed them. On PostgreSQL their tally rows are locked
 * first, so the count is taken after any other transaction changing the
 * same reader's votes has committed, and includes its votes: two votes at
 * once from two web servers are both counted.
 */
async function recountVotes(trx: Db, subscriberIds: readonly number[]): Promise<void> {
  const ids = [...new Set(subscriberIds)].sort((a, b) => a - b);
  for (let i = 0; i < ids.length; i += 500) {
    const batch = ids.slice(i, i + 500);
    await trx
      .insertInto('vote_tallies')
      .values(batch.map((id) => ({ subscriber_id: id, votes: 0, voted_at: '' })))
      .onConflict((oc) => oc.column('subscriber_id').doNothing())
      .execute();
    if (engineOf(trx) === 'postgres') await trx.selectFrom('vote_tallies').select('subscriber_id').where('subscriber_id', 'in', batch).orderBy('subscriber_id').forUpdate().execute();
    await sql`update vote_tallies
      set (votes, voted_at) = (select count(*), coalesce(max(f.updated_at), '') from feedback f where f.subscriber_id = vote_tallies.subscriber_id)
      where subscriber_id in (${sql.join(batch)})`.execute(trx);
    await trx.deleteFrom('vote_tallies').where('subscriber_id', 'in', batch).where('votes', '=', 0).execute();
  }
}

/** Stores a reader's model (null: they have no votes left, so no model). */
export async function saveReaderModel(db: Db, subscriberId: number, model: ReaderModel | null, votes: number, now: Date): Promise<void> {
  if (model === null) {
    await db.deleteFrom('reader_models').where('subscriber_id', '=', subscriberId).execute();
    return;
  }
  const row = { subscriber_id: subscriberId, model: encodeReaderModel(model), votes, trained_at: now.toISOString() };
  await db
    .insertInto('reader_models')
    .values(row)
    .onConflict((oc) => oc.column('subscriber_id').doUpdateSet({ model: row.model, votes: row.votes, trained_at: row.trained_at }))
    .execute();
}

/**
 * The models of these subscribers, by subscriber id: none for those who
 * never voted, null for a stored model this version cannot read
 * (decodeReaderModel), which the caller ranks without and may report.
 */
export async function readerModelsOf(db: Db, subscriberIds: readonly number[]): Promise<Map<number, ReaderModel | null>> {
  const models = new Map<number, ReaderModel | null>();
  for (const [id, stored] of await storedReaderModelsOf(db, subscriberIds)) models.set(id, decodeReaderModel(stored));
  return models;
}

/**
 * The models of these subscribers as stored, for a caller that reads each
 * (decodeReaderModel) only when it ranks for that reader: a model read
 * with its batch and kept until the batch is done lives long enough to be
 * copied into V8's old generation, thousands of small objects each.
 */
export async function storedReaderModelsOf(db: Db, subscriberIds: readonly number[]): Promise<Map<number, string>> {
  const models = new Map<number, string>();
  for (let i = 0; i < subscriberIds.length; i += 500) {
    const rows = await db.selectFrom('reader_models').select(['subscriber_id', 'model']).where('subscriber_id', 'in', subscriberIds.slice(i, i + 500)).execute();
    for (const row of rows) models.set(row.subscriber_id, row.model);
  }
  return models;
}

/**
 * Subscribers whose model no longer reflects their votes: a vote newer than
 * the model, votes and no model, or a model and no votes (its papers gone).
 * Read from the voters' tallies, not from every vote ever cast.
 */
export async function staleReaderModels(db: Db): Promise<number[]> {
  const rows = await db
    .selectFrom('vote_tallies as v')
    .leftJoin('reader_models as m', 'm.subscriber_id', 'v.subscriber_id')
    .select('v.subscriber_id')
    .where((eb) => eb.or([eb('m.trained_at', 'is', null), eb('m.trained_at', '<', eb.ref('v.voted_at')), eb('m.votes', '!=', eb.ref('v.votes'))]))
    .execute();
  const orphans = await orphanReaderModels(db).execute();
  return [...rows.map((row) => row.subscriber_id), ...orphans.map((row) => row.subscriber_id)].sort((a, b) => a - b);
}

/**
 * Models whose reader has no votes left. NOT EXISTS, not NOT IN: PostgreSQL
 * answers NOT IN with a subplan that is hashed only while every voter fits
 * in work_mem, and otherwise scans the voters once per model.
 */
export function orphanReaderModels(db: Db) {
  return db
    .selectFrom('reader_models as m')
    .select('m.subscriber_id')
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('vote_tallies as v').select('v.subscriber_id').whereRef('v.subscriber_id', '=', 'm.subscriber_id'))));
}

/** Sets how many papers beyond the topics a subscriber wants (null: the config's default). */
export async function setAlsoForYou(db: Db, subscriberId: number, count: number | null, now: Date): Promise<void> {
  await db.updateTable('subscribers').set({ also_for_you: count, updated_at: now.toISOString() }).where('id', '=', subscriberId).execute();
}
