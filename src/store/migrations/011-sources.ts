import { sql, type Kysely } from 'kysely';
import { inOneTransaction } from './portable.js';

// Papers from feeds: their authors' names (a JSON array, null when no
// source listed them) and the arXiv version last seen. An arXiv id becomes
// the paper's identity across sources, so it is stored without its version
// (`2411.01234`, not `2411.01234v2`) and indexed. `sources` keeps, per
// configured feed URL, what its last fetch brought and the validators
// (ETag, Last-Modified) that make the next one conditional.
//
// One transaction: stopped half-way, the store stays as it was.
export async function up(db: Kysely<unknown>): Promise<void> {
  await inOneTransaction(db, async (trx) => {
    await sql`alter table papers add column authors text`.execute(trx);
    await sql`alter table papers add column arxiv_version integer`.execute(trx);
    const versioned = await sql<{ id: string; arxiv_id: string }>`select id, arxiv_id from papers where arxiv_id like '%v%'`.execute(trx);
    for (const row of versioned.rows) {
      const match = /^(.*\d)v(\d+)$/.exec(row.arxiv_id);
      if (match === null) continue;
      await sql`update papers set arxiv_id = ${match[1]}, arxiv_version = ${Number(match[2])} where id = ${row.id}`.execute(trx);
    }
    await sql`create index papers_arxiv_id on papers (arxiv_id) where arxiv_id is not null`.execute(trx);
    await sql`create table sources (
      url text primary key,
      name text,
      etag text,
      last_modified text,
      fetched_at text not null,
      status integer,
      papers integer not null,
      new_papers integer not null,
      error text
    )`.execute(trx);
  });
}
