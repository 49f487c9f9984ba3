import { afterEach, describe, expect, it } from 'vitest';
import { addPapers, PAPERS, webFixture, type WebFixture } from './helpers.js';

let fixture: WebFixture;
afterEach(() => fixture?.close());

describe('GET /healthz', () => {
  it('says the store is reachable and when the last ingest was', async () => {
    fixture = await webFixture();
    expect((await fixture.server.inject('/healthz')).json()).toEqual({ status: 'ok', store: 'reachable', lastIngestAt: null });
    await addPapers(fixture.db, PAPERS, new Date('2026-11-24T06:30:00Z'));
    const response = await fixture.server.inject('/healthz');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', store: 'reachable', lastIngestAt: '2026-11-24T06:30:00.000Z' });
  });

  it('answers 503 when the store does not answer', async () => {
    fixture = await webFixture();
    await fixture.db.destroy();
    const response = await fixture.server.inject('/healthz');
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ status: 'error', store: 'unreachable', lastIngestAt: null });
    fixture.close = () => fixture.server.close();
  });

  it('is never rate-limited', async () => {
    fixture = await webFixture({ limits: { requests: { max: 2, windowMs: 60_000 } } });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await fixture.server.inject('/healthz')).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200]);
    const pages = [];
    for (let i = 0; i < 3; i++) pages.push((await fixture.server.inject('/archive')).statusCode);
    expect(pages).toEqual([200, 200, 429]);
  });
});
