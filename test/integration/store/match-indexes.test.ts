// The match index of the recent papers, kept in the store between runs
// (018-match-indexes): one index at a time, its bytes as they were written,
// on both engines; a run reads it when the papers are the same, and builds
// (and keeps) a new one when they are not or the stored one is damaged.
import { sql } from 'kysely';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../../src/app.js';
import { adoptVectors } from '../../../src/learn/index.js';
import { decodeIndex, encodeIndex, indexKey } from '../../../src/match/index.js';
import { CANDIDATE_DAYS, indexRecentPapers, previewDigest } from '../../../src/run/index.js';
import { recentPapers, storedMatchIndex, storeMatchIndex } from '../../../src/store/index.js';
import { makeSubscribers, testApp } from '../../helpers/app.js';
import { forEachStore } from '../../helpers/postgres.js';

const NOW = new Date('2026-11-24T07:00:00Z');

forEachStore((store) => {
  describe('match_indexes', () => {
    it('keeps one index, byte for byte, and replaces it when another is stored', async () => {
      const db = await store.open();
      const first = Buffer.from([0, 1, 2, 250, 255, 0, 7]);
      expect(await storedMatchIndex(db, 'a')).toBeNull();
      await storeMatchIndex(db, 'a', first, NOW);
      expect(Buffer.from((await storedMatchIndex(db, 'a'))!)).toEqual(first);
      // Stored again under the same key (a damaged one rebuilt), the new bytes replace the old.
      await storeMatchIndex(db, 'a', Buffer.from([9]), NOW);
      expect(Buffer.from((await storedMatchIndex(db, 'a'))!)).toEqual(Buffer.from([9]));
      await storeMatchIndex(db, 'b', Buffer.from([3]), NOW);
      expect(await storedMatchIndex(db, 'a')).toBeNull();
      expect(Buffer.from((await storedMatchIndex(db, 'b'))!)).toEqual(Buffer.from([3]));
    });
  });
});

describe('the recent papers’ index between runs', () => {
  let app: App | undefined;
  afterEach(async () => {
    await app?.close();
  });

  it('is stored once built, read back for the same papers, and built again over a damaged one, with the same digest each time', async () => {
    ({ app } = await testApp({ subscribers: makeSubscribers(1, { topics: [{ name: 'LLM', query: 'LLM' }, { name: 'Diffusion', query: 'diffusion' }] }) }));
    const key = indexKey(await recentPapers(app.db, CANDIDATE_DAYS));
    expect(await storedMatchIndex(app.db, key)).toBeNull();

    const built = await previewDigest(app, { email: 'reader0@example.org', at: NOW });
    const stored = await storedMatchIndex(app.db, key);
    expect(stored).not.toBeNull();
    expect(decodeIndex(await recentPapers(app.db, CANDIDATE_DAYS), stored!)).not.toBeNull();
    expect(built.sections.flatMap((section) => section.matches).length).toBeGreaterThan(0);

    expect(await previewDigest(app, { email: 'reader0@example.org', at: NOW })).toEqual(built);

    await storeMatchIndex(app.db, key, Buffer.from('damaged'), NOW);
    expect(await previewDigest(app, { email: 'reader0@example.org', at: NOW })).toEqual(built);
    // The damaged one gave way to a good one: the next run reads it.
    expect(decodeIndex(await recentPapers(app.db, CANDIDATE_DAYS), (await storedMatchIndex(app.db, key))!)).not.toBeNull();
  });

  it('is only a cache: a store this process may not write to still gives the digest, and the log says why the index was not kept', async () => {
    const setup = await testApp({ subscribers: makeSubscribers(1, { topics: [{ name: 'Diffusion', query: 'diffusion' }] }) });
    const expected = await previewDigest(setup.app, { email: 'reader0@example.org', at: NOW });
    await sql`delete from match_indexes`.execute(setup.app.db);
    await setup.app.close();
    const lines: string[] = [];
    app = await openApp(setup.config, { log: pino({ level: 'info' }, { write: (line: string) => void lines.push(line) }) });
    await sql`pragma query_only = 1`.execute(app.db);

    expect(await previewDigest(app, { email: 'reader0@example.org', at: NOW })).toEqual(expected);
    expect(lines.join('')).toMatch(/could not keep the match index in the store; the next run builds it again/);
  });

  it('is stored by indexRecentPapers, as `paperboy ingest` leaves it for the next run, with the vectors reader models score with', async () => {
    ({ app } = await testApp());
    await indexRecentPapers(app);
    const papers = await recentPapers(app.db, CANDIDATE_DAYS);
    const stored = await storedMatchIndex(app.db, indexKey(papers));
    expect(stored).not.toBeNull();
    const decoded = decodeIndex(papers, stored!)!;
    expect(adoptVectors(decoded.index, decoded.extra)).toBe(true);
  });

  it('keeps the vectors again when the ones kept with the index are of another format, and reads the same digest', async () => {
    ({ app } = await testApp({ subscribers: makeSubscribers(1, { topics: [{ name: 'Diffusion', query: 'diffusion' }] }) }));
    const expected = await previewDigest(app, { email: 'reader0@example.org', at: NOW });
    const papers = await recentPapers(app.db, CANDIDATE_DAYS);
    const key = indexKey(papers);
    const good = decodeIndex(papers, (await storedMatchIndex(app.db, key))!)!;
    // The index as it was, with vectors an older version wrote (here: a format number no version has).
    await storeMatchIndex(app.db, key, encodeIndex(good.index, good.acronyms, Uint8Array.of(1, 0, 0, 0, 99, 0, 0, 0)), NOW);
    expect(adoptVectors(good.index, decodeIndex(papers, (await storedMatchIndex(app.db, key))!)!.extra)).toBe(false);

    expect(await previewDigest(app, { email: 'reader0@example.org', at: NOW })).toEqual(expected);
    const kept = decodeIndex(papers, (await storedMatchIndex(app.db, key))!)!;
    expect(adoptVectors(kept.index, kept.extra)).toBe(true);
  });
});
