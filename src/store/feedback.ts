import type { Db } from './database.js';

export type Vote = 'up' | 'down';

/** Records a subscriber's 👍/👎 on a paper; a later vote on the same paper replaces the earlier one. */
export async function recordVote(db: Db, vote: { subscriberId: number; paperId: string; vote: Vote }, now: Date): Promise<void> {
  const at = now.toISOString();
  await db
    .insertInto('feedback')
    .values({ subscriber_id: vote.subscriberId, paper_id: vote.paperId, vote: vote.vote, created_at: at, updated_at: at })
    .onConflict((oc) => oc.columns(['subscriber_id', 'paper_id']).doUpdateSet({ vote: vote.vote, updated_at: at }))
    .execute();
}

/** A subscriber's votes by paper id. */
export async function votesOf(db: Db, subscriberId: number): Promise<Map<string, Vote>> {
  const rows = await db.selectFrom('feedback').select(['paper_id', 'vote']).where('subscriber_id', '=', subscriberId).execute();
  return new Map(rows.map((row) => [row.paper_id, row.vote]));
}
