// The shortcuts taken for speed (issue 9) must not change what they compute:
// remembered wraps, prepared store statements, the ready queue of a run.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { benchDigest } from '../../../src/render/bench.js';
import { rememberingWrap, wrap } from '../../../src/render/text-helpers.js';
import { ReadyQueue } from '../../../src/run/index.js';
import {
  bulkInsertSubscribers,
  claimEdition,
  listEditions,
  openDatabase,
  planEditions,
  recordAccepted,
  storeDump,
  upsertSubscribers,
  type Db,
} from '../../../src/store/index.js';
import { directHandle } from '../../../src/store/database.js';
import type { Digest } from '../../../src/types.js';
import { makeSubscribers } from '../../helpers/app.js';

const NOW = new Date('2026-11-24T07:00:00Z');

describe('rememberingWrap', () => {
  it('answers as wrap does, the first time and every time after', () => {
    const remembered = rememberingWrap(8);
    const words = fc.array(fc.constantFrom('a', 'bb', 'model', 'https://example.org/a/very/long/link', ' ', '\n'), { maxLength: 40 });
    fc.assert(
      fc.property(words.map((parts) => parts.join(' ')), fc.constantFrom(undefined, 20, 70), fc.constantFrom(undefined, '  '), (text, width, indent) => {
        const expected = wrap(text, width, indent);
        expect(remembered(text, width, indent)).toBe(expected);
        expect(remembered(text, width, indent)).toBe(expected);
      }),
    );
  });
});

describe('the store on the hot path', () => {
  let db: Db;
  afterEach(async () => db.destroy());

  async function store(): Promise<Db> {
    db = await openDatabase(':memory:');
    await bulkInsertSubscribers(db, makeSubscribers(2), NOW);
    return db;
  }

  function digestFor(subscriberId: number, period: string): Digest {
    const digest = benchDigest(5);
    return { ...digest, period, key: `daily:${period}`, subscriber: { ...digest.subscriber, id: subscriberId } };
  }

  it('plans a batch of editions in one go, and none twice', async () => {
    await store();
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
    const editions = await listEditions(db);
    expect(editions.map((e) => [e.subscriberId, e.period, e.state, e.messageId])).toEqual([
      [1, '2026-11-24', 'planned', '<a@x>'],
      [2, '2026-11-24', 'planned', '<b@x>'],
      [1, '2026-11-25', 'planned', '<c@x>'],
    ]);
    const papers = await db.selectFrom('edition_papers').select(['subscriber_id', 'paper_id']).where('subscriber_id', '=', 1).execute();
    // The second edition of subscriber 1 carries the same papers: each is recorded once, under the first.
    expect(papers).toHaveLength(5);
  });

  it('records every paper of an edition, twenty rows a statement or one by one, the same', async () => {
    await store();
    // 47 papers (two full statements and a short one), the first one twice over.
    const digest = digestFor(1, '2026-11-24');
    const many = benchDigest(46);
    const matches = [...many.sections.flatMap((section) => section.matches), many.sections[0].matches[0]];
    const wide = { ...digest, sections: [{ topic: 'All', matches }] };
    const [direct] = await planEditions(db, [{ digest: wide, messageId: '<a@x>' }], NOW);
    const [viaKysely] = await planEditions(db.withoutPlugins(), [{ digest: { ...wide, subscriber: { ...wide.subscriber, id: 2 } }, messageId: '<b@x>' }], NOW);
    const rows = async (subscriberId: number) =>
      (await db.selectFrom('edition_papers').select(['kind', 'paper_id', 'edition_id']).where('subscriber_id', '=', subscriberId).orderBy('paper_id').execute()).map(({ kind, paper_id }) => `${kind}:${paper_id}`);
    expect(await rows(1)).toHaveLength(46);
    expect(await rows(1)).toEqual(await rows(2));
    const editionIds = await db.selectFrom('edition_papers').select('edition_id').distinct().orderBy('edition_id').execute();
    expect(editionIds.map((row) => row.edition_id)).toEqual([direct, viaKysely]);
  });

  it('claims by compare-and-set, and records an accepted message with its subscriber\'s failures reset', async () => {
    await store();
    const [id] = (await planEditions(db, [{ digest: digestFor(1, '2026-11-24'), messageId: '<a@x>' }], NOW)) as number[];
    await db.updateTable('subscribers').set({ permanent_failures: 2 }).where('id', '=', 1).execute();
    expect(await claimEdition(db, id, NOW, 'runner-a')).toBe(true);
    expect(await claimEdition(db, id, NOW, 'runner-b')).toBe(false);
    expect(recordAccepted(db, { id, subscriberId: 1 }, { code: 250, response: '250 OK' }, NOW)).toBe(true);
    const [edition] = await listEditions(db, { ids: [id] });
    expect(edition).toMatchObject({ state: 'sent', attempts: 1, lastCode: 250, lastResponse: '250 OK', sentAt: NOW.toISOString() });
    const subscriber = await db.selectFrom('subscribers').select('permanent_failures').where('id', '=', 1).executeTakeFirstOrThrow();
    expect(subscriber.permanent_failures).toBe(0);
  });

  it('never runs a statement inside a transaction Kysely holds open', async () => {
    await store();
    expect(directHandle(db)).not.toBeNull();
    await db.transaction().execute(async () => {
      expect(directHandle(db)).toBeNull();
    });
    expect(directHandle(db)).not.toBeNull();
  });

  it('merges subscribers the same with prepared statements as through Kysely', async () => {
    const merged = async (via: 'prepared' | 'kysely') => {
      const store = await openDatabase(':memory:');
      // Another Kysely instance on the same connection has no direct handle: it takes the Kysely path.
      const target = via === 'prepared' ? store : store.withoutPlugins();
      expect(directHandle(target) === null).toBe(via === 'kysely');
      const [a, b, c] = makeSubscribers(3);
      const counts = [await upsertSubscribers(target, [a, b], { now: NOW, status: 'active', seedHashes: new Map([[a.email, 'h1'], [b.email, 'h2']]) })];
      await store.updateTable('subscribers').set({ status: 'unsubscribed' }).where('email', '=', b.email).execute();
      const changedTopics = { ...b, topics: [{ name: 'RL', query: 'reinforcement learning' }] };
      counts.push(await upsertSubscribers(target, [{ ...a }, changedTopics, c], { now: NOW, status: 'pending', seedHashes: new Map([[a.email, 'h1x'], [b.email, 'h2x'], [c.email, 'h3']]) }));
      counts.push(await upsertSubscribers(target, [{ ...c, name: 'Carol' }], { now: NOW, status: 'active' }));
      const rows = await store.selectFrom('subscribers').select(['email', 'name', 'status', 'seed_hash']).orderBy('email').execute();
      const topics = await store.selectFrom('topics').select(['subscriber_id', 'position', 'query']).orderBy('subscriber_id').orderBy('position').execute();
      await store.destroy();
      return { counts, rows, topics };
    };
    const prepared = await merged('prepared');
    expect(prepared.counts).toEqual([
      { added: 2, updated: 0, unchanged: 0 },
      { added: 1, updated: 1, unchanged: 1 },
      { added: 0, updated: 1, unchanged: 0 },
    ]);
    expect(prepared.rows).toEqual([
      // Only the entry's hash moved; an unsubscribed reader stays so; a pending one is activated, its hash kept.
      { email: 'reader0@example.org', name: 'Reader 0', status: 'active', seed_hash: 'h1x' },
      { email: 'reader1@example.org', name: 'Reader 1', status: 'unsubscribed', seed_hash: 'h2x' },
      { email: 'reader2@example.org', name: 'Carol', status: 'active', seed_hash: 'h3' },
    ]);
    expect(prepared.topics.filter((topic) => topic.subscriber_id === 2).map((topic) => topic.query)).toEqual(['reinforcement learning']);
    expect(await merged('kysely')).toEqual(prepared);
  });

  it('stores a dump, counting as new only the papers it did not know', async () => {
    await store();
    const paper = (id: string, upvotes: number | null) => ({ id, title: `T ${id}`, abstract: 'A', authorsCount: null, authors: [], publishedAt: null, upvotes, url: null, arxivId: null, line: 1 });
    const first = await storeDump(db, { path: 'a.txt', sha256: 'a', format: 'blank-pairs', size: 1 }, [paper('p1', null), paper('p2', 3), paper('p1', 9)], NOW);
    expect(first).toMatchObject({ papers: 2, newPapers: 2 });
    const second = await storeDump(db, { path: 'b.txt', sha256: 'b', format: 'blank-pairs', size: 1 }, [paper('p2', null), paper('p1', 7), paper('p3', null)], NOW);
    expect(second).toMatchObject({ papers: 3, newPapers: 1 });
    const rows = await db.selectFrom('papers').select(['id', 'upvotes']).orderBy('id').execute();
    // A later dump adds what it knows and never erases what an earlier one said.
    expect(rows).toEqual([{ id: 'p1', upvotes: 7 }, { id: 'p2', upvotes: 3 }, { id: 'p3', upvotes: null }]);
    const dumps = await db.selectFrom('dumps').select(['path', 'papers', 'new_papers']).orderBy('id').execute();
    expect(dumps).toEqual([{ path: 'a.txt', papers: 2, new_papers: 2 }, { path: 'b.txt', papers: 3, new_papers: 1 }]);
  });
});

describe('ReadyQueue', () => {
  it('hands items over in order, holds the producer while full, and ends consumers once closed and empty', async () => {
    const queue = new ReadyQueue<number>(2);
    await queue.put(1);
    await queue.put(2);
    let third = false;
    const putting = queue.put(3).then(() => (third = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(third).toBe(false);
    expect(await queue.take()).toBe(1);
    await putting;
    expect(third).toBe(true);
    queue.close();
    expect([await queue.take(), await queue.take(), await queue.take()]).toEqual([2, 3, undefined]);
  });

  it('wakes a waiting consumer with the next item, or with undefined on close', async () => {
    const queue = new ReadyQueue<string>(1);
    const waiting = queue.take();
    await queue.put('a');
    expect(await waiting).toBe('a');
    const last = queue.take();
    queue.close();
    expect(await last).toBeUndefined();
  });
});
