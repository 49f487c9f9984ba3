import type { Db } from './database.js';

export async function recordRun(db: Db, report: object, finishedAt: Date): Promise<void> {
  await db.insertInto('runs').values({ finished_at: finishedAt.toISOString(), report: JSON.stringify(report) }).execute();
}

export async function lastRun<T>(db: Db): Promise<{ finishedAt: string; report: T } | null> {
  const row = await db.selectFrom('runs').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row ? { finishedAt: row.finished_at, report: JSON.parse(row.report) as T } : null;
}
