import { afterEach, describe, expect, it } from 'vitest';
import { votesOf } from '../../../src/store/index.js';
import { signToken } from '../../../src/web/index.js';
import { activeSubscriber, addPapers, formPage, linkIn, mainOf, PAPERS, postForm, SECRET, storeSnapshot, webFixture, type WebFixture } from './helpers.js';

let fixture: WebFixture;
afterEach(() => fixture?.close());

async function setup(): Promise<{ id: number; paperId: string; link: (vote: string, paper?: string) => string }> {
  const [paperId] = await addPapers(fixture.db, PAPERS, fixture.clock.now());
  const { id } = await activeSubscriber(fixture, 'ada@example.org', 'diffusion');
  // As digests spell them: the subscriber's feedback token, then the paper and the vote.
  const link = (vote: string, paper = paperId) => `/feedback?token=${signToken(SECRET, { purpose: 'feedback', subscriberId: id, expiresAt: null })}&paper=${encodeURIComponent(paper)}&vote=${vote}`;
  return { id, paperId, link };
}

describe('GET /feedback', () => {
  it('shows the paper and a button that records the vote, without recording anything', async () => {
    fixture = await webFixture();
    const { link } = await setup();
    const before = await storeSnapshot(fixture.db);
    const response = await fixture.server.inject(link('up'));
    expect(response.statusCode).toBe(200);
    const main = mainOf(response.body);
    expect(main).toContain('Fast Diffusion Models for Image Synthesis');
    expect(main).toMatch(/<form method="post" action="\/feedback\?token&#x3D;[^"]+" class="form-inline" data-autosubmit>/);
    expect(main).toContain('👍 Record: more like this');
    expect(await storeSnapshot(fixture.db)).toEqual(before);
  });

  it('still takes the links of the first digests, which signed the paper and vote into the token', async () => {
    fixture = await webFixture();
    const { id, paperId } = await setup();
    const legacy = `/feedback?token=${signToken(SECRET, { purpose: 'feedback', subscriberId: id, expiresAt: null, data: `${paperId}:down` })}`;
    const page = await formPage(fixture.server, legacy);
    expect(mainOf((await fixture.server.inject(legacy)).body)).toContain('👎 Record: less like this');
    // The signed vote wins over one added to the query.
    await postForm(fixture.server, `${legacy}&vote=up`, { _csrf: page.csrf }, page.cookie);
    expect(await votesOf(fixture.db, id)).toEqual(new Map([[paperId, 'down']]));
  });

  it('refuses a token without a paper and vote, or for an unknown paper', async () => {
    fixture = await webFixture();
    const { id, link } = await setup();
    expect((await fixture.server.inject(link('sideways'))).statusCode).toBe(400);
    expect((await fixture.server.inject(link('up', ''))).statusCode).toBe(400);
    expect((await fixture.server.inject(`/feedback?token=${signToken(SECRET, { purpose: 'feedback', subscriberId: id, expiresAt: null })}`)).statusCode).toBe(400);
    expect((await fixture.server.inject(link('up', 'no-such-paper'))).statusCode).toBe(404);
  });
});

describe('POST /feedback', () => {
  it('records the vote per subscriber and paper; the latest vote wins', async () => {
    fixture = await webFixture();
    const { id, paperId, link } = await setup();
    const page = await formPage(fixture.server, link('up'));
    const response = await postForm(fixture.server, link('up'), { _csrf: page.csrf }, page.cookie);
    expect(response.statusCode).toBe(200);
    expect(mainOf(response.body)).toContain('Thanks — noted: more like this');
    expect(await votesOf(fixture.db, id)).toEqual(new Map([[paperId, 'up']]));

    // The page offers the other vote; sending it replaces the first.
    const other = linkIn(response.body, '/feedback?token=');
    const changed = await postForm(fixture.server, other, { _csrf: page.csrf }, page.cookie);
    expect(mainOf(changed.body)).toContain('less like this');
    expect(await votesOf(fixture.db, id)).toEqual(new Map([[paperId, 'down']]));
    expect((await storeSnapshot(fixture.db)).feedback).toHaveLength(1);
  });

  it('needs the CSRF token', async () => {
    fixture = await webFixture();
    const { id, link } = await setup();
    expect((await postForm(fixture.server, link('up'), {})).statusCode).toBe(403);
    expect(await votesOf(fixture.db, id)).toEqual(new Map());
  });
});
