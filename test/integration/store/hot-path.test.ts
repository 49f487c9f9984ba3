// The store functions a run calls once per message (plan, claim, sent) and
// the bulk writers (dumps, seed merges) have SQL of their own on SQLite
// (prepared statements) and on PostgreSQL (multi-row statements): both
// engines run the same tests, so both compute the same.
import pg from 'pg';
import { pino } from 'pino';
import { expect, it } from 'vitest';
import { FileTransport, Outbox } from '../../../src/deliver/index.js';
import { createRenderer } from '../../../src/render/index.js';
import { benchDigest } from '../../../src/render/bench.js';
import {
  recoverDeadRunners,
  waitingEditionIds,
  bulkInsertSubscribers,
  claimEdition,
  countPermanentFailure,
  listEditions,
  loadDigest,
  papersAlreadySent,
  planEdition,
  planEditions,
  recordAccepted,
  recordDeliverySteps,
  GroupCommit,
  recordFailure,
  recordSent,
  storeDump,
  upsertSubscribers,
  type Db,
} from '../../../src/store/index.js';
import type { Digest } from '../../../src/types.js';
import { makeSubscribers } from '../../helpers/app.js';
import { forEachStore } from '../../helpers/postgres.js';
import { tempDir } from '../../helpers/temp.js';

const NOW = new Date('2026-11-24T07:00:00Z');

function digestFor(subscriberId: number, period: string, papers = 5): Digest {
  const digest = benchDigest(papers);
  return { ...digest, period, key: `daily:${period}`, subscriber: { ...digest.subscriber, id: subscriberId } };
}

forEachStore((store) => {
  async function withSubscribers(n = 2): Promise<Db> {
    const db = await store.open();
    await bulkInsertSubscribers(db, makeSubscribers(n), NOW);
    return db;
  }

  async function withSubscribersAt(location: string, n: number): Promise<Db> {
    const db = await store.open(location);
    await bulkInsertSubscribers(db, makeSubscribers(n), NOW);
    return db;
  }

  it('plans a batch of editions in one go, and none twice', async () => {
    const db = await withSubscribers();
    const first = await planEditions(db, [
      { digest: digestFor(1, '2026-11-24'), messageId: '<a@x>' },
      { digest: digestFor(2, '2026-11-24'), messageId: '<b@x>' },
    ], NOW);
    expect(first.every((id) => typeof id === 'number')).toBe(true);
    const again = await planEditions(db, [
      { digest: digestFor(1, '2026-11-24'), messageId: '<a@x>' },
      { digest: digestFor(1, '2026-11-25'), messageId: '<c@x>' },
    ], NOW);
    expect(again[0]).toBeNull();
    expect(again[1]).toEqual(expect.any(Number));
    expect(await planEdition(db, digestFor(2, '2026-11-24'), '<d@x>', NOW)).toBeNull();
    const editions = await listEditions(db);
    expect(editions.map((e) => [e.subscriberId, e.period, e.state, e.messageId])).toEqual([
      [1, '2026-11-24', 'planned', '<a@x>'],
      [2, '2026-11-24', 'planned', '<b@x>'],
      [1, '2026-11-25', 'planned', '<c@x>'],
    ]);
    // One sent_history row per planned edition, and no table of a row per paper beside it (016).
    const history = await db.selectFrom('sent_history').select(['subscriber_id', 'edition_id']).orderBy('edition_id').execute();
    expect(history).toEqual(editions.map((e) => ({ subscriber_id: e.subscriberId, edition_id: e.id })));
    expect((await papersAlreadySent(db, 'daily', [1])).get(1)?.size).toBe(5);
    // Each planned edition keeps its digest (its papers are not stored here, so none come back with it).
    const loaded = await loadDigest(db, first[1]!);
    expect(loaded).toMatchObject({ edition: { messageId: '<b@x>' }, digest: { kind: 'daily', period: '2026-11-24', subscriber: { id: 2 } } });
    expect(await db.selectFrom('edition_digests').select('edition_id').orderBy('edition_id').execute()).toEqual(editions.map((e) => ({ edition_id: e.id })));
  });

  it('records every paper of an edition, however many, each once', async () => {
    const db = await withSubscribers();
    // 47 papers (two full statements of twenty and a short one on SQLite), the first one twice over.
    const many = benchDigest(46);
    const matches = [...many.sections.flatMap((section) => section.matches), many.sections[0].matches[0]];
    const wide = (id: number) => ({ ...digestFor(id, '2026-11-24'), sections: [{ topic: 'All', matches }] });
    const [one] = await planEditions(db, [{ digest: wide(1), messageId: '<a@x>' }], NOW);
    const [two] = await planEditions(db, [{ digest: wide(2), messageId: '<b@x>' }], NOW);
    const rows = await db.selectFrom('sent_history').select(['subscriber_id', 'edition_id', 'papers']).orderBy('edition_id').execute();
    expect(rows.map((row) => [row.subscriber_id, row.edition_id])).toEqual([[1, one], [2, two]]);
    expect(new Set(rows[0].papers.split('\n'))).toEqual(new Set(matches.map((match) => match.paper.id)));
    expect((await papersAlreadySent(db, 'daily', [1, 2])).get(1)?.size).toBe(46);
    expect((await papersAlreadySent(db, 'daily', [1, 2])).get(2)?.size).toBe(46);
  });

  it("claims by compare-and-set, and records an accepted message with its subscriber's failures reset", async () => {
    const db = await withSubscribers();
    const [id] = (await planEditions(db, [{ digest: digestFor(1, '2026-11-24'), messageId: '<a@x>' }], NOW)) as number[];
    await db.updateTable('subscribers').set({ permanent_failures: 2 }).where('id', '=', 1).execute();
    expect(await waitingEditionIds(db, NOW)).toEqual([id]);
    expect(await claimEdition(db, id, NOW, 'runner-a')).toBe(true);
    expect(await claimEdition(db, id, NOW, 'runner-b')).toBe(false);
    await recordAccepted(db, { id, subscriberId: 1 }, { code: 250, response: '250 OK' }, NOW);
    const [edition] = await listEditions(db, { ids: [id] });
    expect(edition).toMatchObject({ state: 'sent', attempts: 1, lastCode: 250, lastResponse: '250 OK', sentAt: NOW.toISOString() });
    const subscriber = await db.selectFrom('subscribers').select('permanent_failures').where('id', '=', 1).executeTakeFirstOrThrow();
    expect(subscriber.permanent_failures).toBe(0);
    // Sent is final: a late second record changes nothing.
    await recordSent(db, id, { code: 251, response: '251 late' }, NOW);
    expect((await listEditions(db, { ids: [id] }))[0].lastCode).toBe(250);
  });

  it('records a batch of claims and acceptances in one go, each with whether it took', async () => {
    const db = await withSubscribers(3);
    const [a, b, c] = (await planEditions(db, [1, 2, 3].map((id) => ({ digest: digestFor(id, '2026-11-24'), messageId: `<${id}@x>` })), NOW)) as number[];
    await claimEdition(db, a, NOW, 'runner-a');
    await claimEdition(db, c, NOW, 'runner-b');
    await db.updateTable('subscribers').set({ permanent_failures: 2 }).where('id', 'in', [1, 2]).execute();
    const changed = await recordDeliverySteps(db, [
      { step: 'accepted', id: a, subscriberId: 1, code: 250, response: '250 a' },
      { step: 'claim', id: b, claimedBy: 'runner-a' },
      // Another runner holds c: neither claiming it nor recording it sent for b's subscriber takes.
      { step: 'claim', id: c, claimedBy: 'runner-a' },
    ], NOW);
    expect(changed).toEqual([true, true, false]);
    expect(await recordDeliverySteps(db, [{ step: 'accepted', id: b, subscriberId: 2, code: 250, response: '250 b' }, { step: 'accepted', id: b + 1000, subscriberId: 2, code: 250, response: '250 none' }], NOW)).toEqual([true, false]);
    const editions = await listEditions(db);
    expect(editions.map((e) => [e.id, e.state, e.lastResponse])).toEqual([[a, 'sent', '250 a'], [b, 'sent', '250 b'], [c, 'sending', null]]);
    const failures = await db.selectFrom('subscribers').select(['id', 'permanent_failures']).orderBy('id').execute();
    expect(failures.map((row) => row.permanent_failures)).toEqual([0, 0, 0]);
    expect(await recordDeliverySteps(db, [], NOW)).toEqual([]);
  });

  it('commits the steps of one turn together, and each caller learns its own outcome', async () => {
    const db = await withSubscribers(3);
    const ids = (await planEditions(db, [1, 2, 3].map((id) => ({ digest: digestFor(id, '2026-11-24'), messageId: `<${id}@x>` })), NOW)) as number[];
    await claimEdition(db, ids[2], NOW, 'runner-b');
    // A clock that moves on at every reading: steps committed one by one would each get a time of their own.
    let tick = 0;
    const group = new GroupCommit(db, () => new Date(NOW.getTime() + 1000 * ++tick));
    const outcomes = await Promise.all(ids.map((id) => group.record({ step: 'claim', id, claimedBy: 'runner-a' })));
    expect(outcomes).toEqual([true, true, false]);
    const editions = await listEditions(db);
    expect(editions.map((e) => e.state)).toEqual(['sending', 'sending', 'sending']);
    expect(tick).toBe(1);
    expect(new Set(editions.slice(0, 2).map((e) => e.updatedAt)).size).toBe(1);
    await db.destroy();
    // A store that fails fails every step of the batch, to each caller.
    await expect(Promise.all([group.record({ step: 'accepted', id: ids[0], subscriberId: 1, code: 250, response: '250' }), group.record({ step: 'accepted', id: ids[1], subscriberId: 2, code: 250, response: '250' })])).rejects.toThrow();
  });

  // SQLite commits within the turn it is asked in; only a store a round trip away has a commit running.
  it.skipIf(store.engine !== 'postgres')('commits one batch of steps at a time: those that come while it runs go in the next', async () => {
    const location = await store.location();
    const db = await withSubscribersAt(location, 4);
    const ids = (await planEditions(db, [1, 2, 3, 4].map((id) => ({ digest: digestFor(id, '2026-11-24'), messageId: `<${id}@x>` })), NOW)) as number[];
    // Another connection holds the first edition's row, so the first commit waits on it.
    const holder = new pg.Client({ connectionString: location });
    await holder.connect();
    await holder.query('begin');
    await holder.query('select id from editions where id = $1 for update', [ids[0]]);
    let tick = 0;
    const group = new GroupCommit(db, () => new Date(NOW.getTime() + 1000 * ++tick));
    const first = group.record({ step: 'claim', id: ids[0], claimedBy: 'runner-a' });
    const waiting = async () => (await holder.query("select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'")).rows[0].n as number;
    while ((await waiting()) === 0) await new Promise((resolve) => setImmediate(resolve));
    // Three steps in three turns while the first commit waits: one commit after it, not three.
    const later: Promise<boolean>[] = [];
    for (const id of ids.slice(1)) {
      later.push(group.record({ step: 'claim', id, claimedBy: 'runner-a' }));
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(tick).toBe(1);
    await holder.query('commit');
    await holder.end();
    expect(await Promise.all([first, ...later])).toEqual([true, true, true, true]);
    expect(tick).toBe(2);
    const editions = await listEditions(db);
    expect(editions.map((e) => e.state)).toEqual(['sending', 'sending', 'sending', 'sending']);
    expect(new Set(editions.slice(1).map((e) => e.updatedAt)).size).toBe(1);
  });

  it("a sender commits each message's acceptance with its next message's claim, and the last on finish", async () => {
    const db = await withSubscribers(3);
    const ids = (await planEditions(db, [1, 2, 3].map((id) => ({ digest: digestFor(id, '2026-11-24'), messageId: `<${id}@x>` })), NOW)) as number[];
    let tick = 0;
    const clock = { now: () => new Date(NOW.getTime() + 1000 * ++tick) };
    const renderer = await createRenderer({ publicUrl: 'https://papers.example.org', from: 'Paperboy <papers@example.org>', secret: 'hot-path-secret-0123456789abcdef' });
    const outbox = new Outbox({ db, runnerId: 'runner-a', transport: new FileTransport({ dir: tempDir('pb-sender-') }), render: (digest) => renderer.render(digest), clock, log: pino({ level: 'silent' }) });
    const sender = outbox.sender();
    const job = (i: number) => ({ editionId: ids[i], subscriberId: i + 1, email: `reader${i}@example.org`, digest: digestFor(i + 1, '2026-11-24') });
    // The clock is read once a commit and once a message (its Date header).
    expect(await sender.deliver(job(0))).toMatchObject({ state: 'sent' });
    expect(await sender.deliver(job(1))).toMatchObject({ state: 'sent' });
    await sender.finish();
    // claim 0, send 0, accepted 0 with claim 1, send 1, accepted 1: five readings, not six.
    expect(tick).toBe(5);
    const [one, two] = await listEditions(db, { ids: ids.slice(0, 2) });
    expect([one.state, one.sentAt, two.state, two.sentAt]).toEqual(['sent', new Date(NOW.getTime() + 3000).toISOString(), 'sent', new Date(NOW.getTime() + 5000).toISOString()]);
    // deliver() on its own records its outcome before it resolves.
    expect(await outbox.deliver(job(2))).toMatchObject({ state: 'sent' });
    expect((await listEditions(db, { ids: [ids[2]] }))[0].state).toBe('sent');
  });

  // SQLite closes at once; a pool of connections a network away closes in its own time.
  it.skipIf(store.engine !== 'sqlite')("a sender whose last message's record failed says so at its next delivery", async () => {
    const db = await withSubscribers(2);
    const ids = (await planEditions(db, [1, 2].map((id) => ({ digest: digestFor(id, '2026-11-24'), messageId: `<${id}@x>` })), NOW)) as number[];
    const renderer = await createRenderer({ publicUrl: 'https://papers.example.org', from: 'Paperboy <papers@example.org>', secret: 'hot-path-secret-0123456789abcdef' });
    const outbox = new Outbox({ db, runnerId: 'runner-a', transport: new FileTransport({ dir: tempDir('pb-sender-') }), render: (digest) => renderer.render(digest), clock: { now: () => NOW }, log: pino({ level: 'silent' }) });
    const job = (i: number) => ({ editionId: ids[i], subscriberId: i + 1, email: `reader${i}@example.org`, digest: digestFor(i + 1, '2026-11-24') });
    const sender = outbox.sender();
    expect(await sender.deliver(job(0))).toMatchObject({ state: 'sent' });
    // The store goes before the acceptance is committed.
    await db.destroy();
    await expect(sender.deliver(job(1))).rejects.toThrow(/destroyed/);
    await expect(sender.finish()).resolves.toBeUndefined();
    const second = outbox.sender();
    await expect(second.deliver(job(1))).rejects.toThrow(/destroyed/);
  });

  it('claims each edition once among many claiming at once', async () => {
    const location = await store.location();
    const a = await store.open(location);
    const b = await store.open(location);
    await bulkInsertSubscribers(a, makeSubscribers(20), NOW);
    const ids = (await planEditions(a, Array.from({ length: 20 }, (_, i) => ({ digest: digestFor(i + 1, '2026-11-24'), messageId: `<${i}@x>` })), NOW)) as number[];
    const claims = await Promise.all(ids.flatMap((id) => [claimEdition(a, id, NOW, 'runner-a'), claimEdition(b, id, NOW, 'runner-b')]));
    expect(claims.filter(Boolean)).toHaveLength(20);
  });

  it('takes a failure, a retry, and an interrupted delivery through their states', async () => {
    const db = await withSubscribers();
    const [first, second] = (await planEditions(db, [
      { digest: digestFor(1, '2026-11-24'), messageId: '<a@x>' },
      { digest: digestFor(2, '2026-11-24'), messageId: '<b@x>' },
    ], NOW)) as number[];
    await claimEdition(db, first, NOW, 'gone-runner');
    await recordFailure(db, first, { state: 'retry', code: 451, response: '451 later', command: 'DATA', nextAttemptAt: new Date(NOW.getTime() + 60_000) }, NOW);
    expect(await waitingEditionIds(db, NOW)).toEqual([second]);
    expect(await waitingEditionIds(db, new Date(NOW.getTime() + 60_000))).toEqual([first, second]);
    await claimEdition(db, second, NOW, 'gone-runner');
    // No runner row names 'gone-runner': its delivery in flight is a dead process's.
    const { interrupted } = await recoverDeadRunners(db, NOW);
    expect(interrupted.map((edition) => [edition.id, edition.state])).toEqual([[second, 'unknown']]);
    expect(await countPermanentFailure(db, 1, 'failed')).toBe(1);
    expect(await countPermanentFailure(db, 1, 'failed')).toBe(2);
    expect(await countPermanentFailure(db, 1, 'accepted')).toBe(0);
  });

  it('merges subscribers by email: added, updated, unchanged, an unsubscribed reader kept so', async () => {
    const db = await store.open();
    const [a, b, c] = makeSubscribers(3);
    const counts = [await upsertSubscribers(db, [a, b], { now: NOW, status: 'active', seedHashes: new Map([[a.email, 'h1'], [b.email, 'h2']]) })];
    await db.updateTable('subscribers').set({ status: 'unsubscribed' }).where('email', '=', b.email).execute();
    const changedTopics = { ...b, topics: [{ name: 'RL', query: 'reinforcement learning' }] };
    counts.push(await upsertSubscribers(db, [{ ...a }, changedTopics, c], { now: NOW, status: 'pending', seedHashes: new Map([[a.email, 'h1x'], [b.email, 'h2x'], [c.email, 'h3']]) }));
    counts.push(await upsertSubscribers(db, [{ ...c, name: 'Carol' }], { now: NOW, status: 'active' }));
    expect(counts).toEqual([
      { added: 2, updated: 0, unchanged: 0 },
      { added: 1, updated: 1, unchanged: 1 },
      { added: 0, updated: 1, unchanged: 0 },
    ]);
    expect(await db.selectFrom('subscribers').select(['email', 'name', 'status', 'seed_hash']).orderBy('email').execute()).toEqual([
      // Only the entry's hash moved; an unsubscribed reader stays so; a pending one is activated, its hash kept.
      { email: 'reader0@example.org', name: 'Reader 0', status: 'active', seed_hash: 'h1x' },
      { email: 'reader1@example.org', name: 'Reader 1', status: 'unsubscribed', seed_hash: 'h2x' },
      { email: 'reader2@example.org', name: 'Carol', status: 'active', seed_hash: 'h3' },
    ]);
    const topics = await db.selectFrom('topics').select(['subscriber_id', 'position', 'query']).orderBy('subscriber_id').orderBy('position').execute();
    expect(topics.filter((topic) => topic.subscriber_id === 2).map((topic) => topic.query)).toEqual(['reinforcement learning']);
  });

  it('stores a dump, counting as new only the papers it did not know, merging what later dumps add', async () => {
    const db = await store.open();
    const paper = (id: string, upvotes: number | null, abstract = 'A') => ({ id, title: `T ${id}`, abstract, authorsCount: null, authors: [], publishedAt: null, upvotes, url: null, arxivId: null, line: 1 });
    const first = await storeDump(db, { path: 'a.txt', sha256: 'a', format: 'blank-pairs', size: 1 }, [paper('p1', null), paper('p2', 3), paper('p1', 9)], NOW);
    expect(first).toMatchObject({ papers: 2, newPapers: 2 });
    const second = await storeDump(db, { path: 'b.txt', sha256: 'b', format: 'blank-pairs', size: 1 }, [paper('p2', null), paper('p1', 7, 'A longer one'), paper('p3', null)], NOW);
    expect(second).toMatchObject({ papers: 3, newPapers: 1 });
    // A later dump adds what it knows and never erases what an earlier one said; an abstract it continues replaces the cut one.
    expect(await db.selectFrom('papers').select(['id', 'upvotes', 'abstract']).orderBy('id').execute()).toEqual([
      { id: 'p1', upvotes: 7, abstract: 'A longer one' },
      { id: 'p2', upvotes: 3, abstract: 'A' },
      { id: 'p3', upvotes: null, abstract: 'A' },
    ]);
    const dumps = await db.selectFrom('dumps').select(['path', 'papers', 'new_papers']).orderBy('id').execute();
    expect(dumps).toEqual([{ path: 'a.txt', papers: 2, new_papers: 2 }, { path: 'b.txt', papers: 3, new_papers: 1 }]);
  });

  it('waits for a transaction another task holds open instead of joining it', async () => {
    const db = await withSubscribers();
    const [id] = (await planEditions(db, [{ digest: digestFor(1, '2026-11-24'), messageId: '<a@x>' }], NOW)) as number[];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    // A transaction that is rolled back after the claim below was issued: the claim must not be undone with it.
    const rolledBack = db
      .transaction()
      .execute(async (trx) => {
        await trx.updateTable('subscribers').set({ name: 'changed' }).where('id', '=', 1).execute();
        await held;
        throw new Error('roll back');
      })
      .catch(() => 'rolled back');
    const claimed = claimEdition(db, id, NOW, 'runner-a');
    release();
    expect(await rolledBack).toBe('rolled back');
    expect(await claimed).toBe(true);
    expect((await listEditions(db, { ids: [id] }))[0].state).toBe('sending');
    expect((await db.selectFrom('subscribers').select('name').where('id', '=', 1).executeTakeFirstOrThrow()).name).toBe('Reader 0');
  });
});
