// Votes teach: 👍/👎 from the email train the reader's model, and the
// preferences page shows what was learned and undoes it.
import { afterEach, describe, expect, it } from 'vitest';
import { readerModelsOf, votesOf } from '../../../src/store/index.js';
import { signToken } from '../../../src/web/index.js';
import { activeSubscriber, addPapers, decodeEntities, formPage, linkIn, mainOf, PAPERS, postForm, SECRET, webFixture, type WebFixture } from './helpers.js';

let fixture: WebFixture;
afterEach(() => fixture?.close());

const MORE = [
  { title: 'Robot Grasping from Demonstrations', abstract: 'A robot arm learns grasping from human demonstrations.', arxivId: '2611.01234' },
  { title: 'Dexterous Manipulation with Diffusion Policies', abstract: 'A diffusion policy lets a robot hand manipulate objects.' },
];

async function setup(limits?: { votes: { max: number; windowMs: number } }) {
  fixture = await webFixture(limits ? { limits } : {});
  const ids = await addPapers(fixture.db, [...PAPERS, ...MORE], fixture.clock.now());
  const ada = await activeSubscriber(fixture, 'ada@example.org', 'diffusion');
  const preferences = linkIn(ada.confirmed, '/preferences?token=');
  const voteLink = (paperId: string, vote: string, token = signToken(SECRET, { purpose: 'feedback', subscriberId: ada.id, expiresAt: null })) =>
    `/feedback?token=${token}&paper=${encodeURIComponent(paperId)}&vote=${vote}`;
  const vote = async (paperId: string, vote: string) => {
    const page = await formPage(fixture.server, voteLink(paperId, vote));
    return postForm(fixture.server, voteLink(paperId, vote), { _csrf: page.csrf }, page.cookie);
  };
  const learned = async (fields: Record<string, string>) => {
    const page = await formPage(fixture.server, preferences);
    return postForm(fixture.server, preferences.replace('/preferences?', '/preferences/learned?'), { ...fields, _csrf: page.csrf }, page.cookie);
  };
  return { id: ada.id, ids, preferences, voteLink, vote, learned };
}

describe('votes from the email', () => {
  it('train the reader model at once, and the preferences page says what it learned', async () => {
    const { id, ids, preferences, vote } = await setup();
    expect((await vote(ids[4], 'up')).statusCode).toBe(200);
    expect((await vote(ids[2], 'down')).statusCode).toBe(200);
    const model = (await readerModelsOf(fixture.db, [id])).get(id);
    expect(model?.liked.map((paper) => paper.id)).toEqual([ids[4]]);
    expect(model?.disliked.map((paper) => paper.id)).toEqual([ids[2]]);
    const main = decodeEntities(mainOf((await fixture.server.inject(preferences)).body));
    expect(main).toMatch(/Papers you liked[\s\S]*👍 Robot Grasping from Demonstrations/);
    expect(main).toMatch(/Papers you disliked[\s\S]*👎 Audio Diffusion for Speech/);
    expect(main).toMatch(/count <strong>more<\/strong>:[\s\S]*chip-more">(robot|grasping|demonstrations)</);
  });

  it('counts a replayed vote once, and a changed vote replaces the first', async () => {
    const { id, ids, vote } = await setup();
    await vote(ids[0], 'up');
    await vote(ids[0], 'up');
    await vote(ids[0], 'down');
    expect(await votesOf(fixture.db, id)).toEqual(new Map([[ids[0], 'down']]));
  });

  it('refuses a tampered link and a paper no longer stored, recording nothing', async () => {
    const { id, ids, voteLink } = await setup();
    const token = signToken(SECRET, { purpose: 'feedback', subscriberId: id, expiresAt: null });
    const tampered = await fixture.server.inject(voteLink(ids[0], 'up', `${token.slice(0, -2)}xx`));
    expect(tampered.statusCode).toBe(400);
    const gone = await fixture.server.inject(voteLink('0000000000000000', 'up'));
    expect(gone.statusCode).toBe(404);
    expect(mainOf(gone.body)).toContain('no longer in the archive');
    expect(await votesOf(fixture.db, id)).toEqual(new Map());
  });

  it('rate-limits a flood of votes per reader', async () => {
    const { id, ids, vote } = await setup({ votes: { max: 3, windowMs: 60_000 } });
    const answers = [];
    for (const paperId of ids.slice(0, 5)) answers.push((await vote(paperId, 'up')).statusCode);
    expect(answers).toEqual([200, 200, 200, 429, 429]);
    expect((await votesOf(fixture.db, id)).size).toBe(3);
  });
});

describe('the preferences page undoes what was learned', () => {
  it('removes one vote, then forgets them all', async () => {
    const { id, ids, vote, learned } = await setup();
    await vote(ids[4], 'up');
    await vote(ids[5], 'up');
    const removed = await learned({ do: 'remove', paper: ids[4] });
    expect(removed.statusCode).toBe(200);
    expect(mainOf(removed.body)).toContain('Vote removed');
    expect([...(await votesOf(fixture.db, id)).keys()]).toEqual([ids[5]]);
    expect((await readerModelsOf(fixture.db, [id])).get(id)?.liked.map((paper) => paper.id)).toEqual([ids[5]]);
    // The page's script asks before forgetting, in words that fit one vote.
    expect(mainOf(removed.body)).toContain('data-confirm="Forget your vote? Your digests follow your topics alone until you vote again."');
    const forgot = await learned({ do: 'forget' });
    expect(mainOf(forgot.body)).toContain('Forgot 1 vote');
    expect((await votesOf(fixture.db, id)).size).toBe(0);
    expect((await readerModelsOf(fixture.db, [id])).size).toBe(0);
  });

  it('takes papers a new reader already likes, by arXiv id or title, and says which it cannot find', async () => {
    const { id, ids, learned } = await setup();
    const response = await learned({ do: 'like', papers: 'arXiv:2611.01234v2\ndexterous manipulation with diffusion\nA paper nobody wrote' });
    expect(response.statusCode).toBe(400);
    const main = decodeEntities(mainOf(response.body));
    expect(main).toContain('Added 2 liked papers.');
    expect(main).toContain('<strong>A paper nobody wrote</strong>: no stored paper has this title');
    expect(await votesOf(fixture.db, id)).toEqual(new Map([[ids[4], 'up'], [ids[5], 'up']]));
  });

  it('saves how many papers beyond the topics the reader wants, and refuses anything but 0–10', async () => {
    const { id, learned } = await setup();
    expect((await learned({ do: 'suggestions', alsoForYou: '7' })).statusCode).toBe(200);
    const row = await fixture.db.selectFrom('subscribers').select('also_for_you').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.also_for_you).toBe(7);
    expect((await learned({ do: 'suggestions', alsoForYou: '11' })).statusCode).toBe(400);
    expect((await fixture.db.selectFrom('subscribers').select('also_for_you').where('id', '=', id).executeTakeFirstOrThrow()).also_for_you).toBe(7);
  });
});
