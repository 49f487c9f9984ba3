// Votes teach, end to end: a reader votes through the 👍/👎 links in the
// digest the run wrote, and the next day's run ranks with what was learned;
// a twin with the same topics who never voted gets the plain ranking.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { createRendererFor, type App } from '../../../src/app.js';
import { loadSecret } from '../../../src/config/index.js';
import { createTransport } from '../../../src/deliver/index.js';
import { runOnce } from '../../../src/run/index.js';
import { listEditions, loadDigest, readerModelsOf, recordVote } from '../../../src/store/index.js';
import { createWebServer } from '../../../src/web/index.js';
import type { Paper } from '../../../src/types.js';
import { wantedBy } from '../../../src/bench/relevance.js';
import { SAMPLE_READERS } from '../../fixtures/readers.js';
import { makeSubscribers, testApp } from '../../helpers/app.js';

let app: App | undefined;
afterEach(async () => {
  await app?.close();
});

// The voter is the simulation's reader who types "LLM" but wants agents and tool use.
const READER = SAMPLE_READERS.find((reader) => reader.name === 'llm-agents')!;
const wantedPaper = wantedBy(READER);

async function papersSentOn(app: App, period: string): Promise<Map<string, Paper[]>> {
  const sent = new Map<string, Paper[]>();
  for (const edition of await listEditions(app.db)) {
    if (edition.period !== period) continue;
    const loaded = await loadDigest(app.db, edition.id);
    sent.set(edition.email, loaded!.digest.sections.flatMap((section) => section.matches.map((match) => match.paper)));
  }
  return sent;
}

describe('a run after votes', () => {
  it('ranks the voter’s next digest by what their votes taught, and the non-voter’s as before', async () => {
    const twins = makeSubscribers(2, { topics: READER.topics.map((query) => ({ name: query, query })), maxPapers: 10 });
    const setup = await testApp({ subscribers: twins });
    app = setup.app;
    const renderer = await createRendererFor(setup.config, app.log);
    const run = async (at: string) => {
      const transport = createTransport(app!.config);
      try {
        return await runOnce(app!, { at: new Date(at), renderer, transport });
      } finally {
        await transport.close();
      }
    };
    await run('2026-11-24T12:00:00Z');

    // The voter opens each 👍/👎 link of their email in a browser: the page posts the vote at once.
    const outbox = join(setup.dir, 'outbox');
    const mails = await Promise.all(readdirSync(outbox).map((name) => simpleParser(readFileSync(join(outbox, name)))));
    const mail = mails.find((parsed) => !Array.isArray(parsed.to) && parsed.to?.value[0].address === 'reader0@example.org')!;
    const links = [...(mail.text ?? '').matchAll(/https?:\/\/\S+\/feedback\?token=\S+&paper=(\w+)&vote=(up|down)/g)];
    expect(links.length).toBeGreaterThan(0);
    const day1 = (await papersSentOn(app, '2026-11-24')).get('reader0@example.org')!;
    const web = await createWebServer({ app, renderer, transport: createTransport(app.config), secret: loadSecret(app.config, app.log) });
    let votes = 0;
    for (const [index, paper] of day1.entries()) {
      const vote = wantedPaper(paper) ? 'up' : 'down';
      const link = links.filter((candidate) => candidate[2] === vote)[index];
      const url = new URL(link[0]);
      const page = await web.inject(url.pathname + url.search);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1];
      const cookie = String(page.headers['set-cookie']).split(';')[0];
      const posted = await web.inject({ method: 'POST', url: url.pathname + url.search, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${encodeURIComponent(csrf)}` });
      expect(posted.statusCode).toBe(200);
      votes++;
    }
    await web.close();
    expect(votes).toBe(day1.length);

    const report = await run('2026-11-25T12:00:00Z');
    // Trained when the votes came in, not again by the run.
    expect(report.learned).toBe(0);
    const day2 = await papersSentOn(app, '2026-11-25');
    const wanted = (papers: Paper[]) => papers.filter(wantedPaper).length;
    const voter = day2.get('reader0@example.org')!;
    const twin = day2.get('reader1@example.org')!;
    expect(voter.map((paper) => paper.id)).not.toEqual(twin.map((paper) => paper.id));
    expect(wanted(voter)).toBeGreaterThanOrEqual(wanted(twin));
  }, 120_000);

  it('trains a model whose votes changed since it was trained (votes from another process)', async () => {
    const setup = await testApp({ subscribers: makeSubscribers(1) });
    app = setup.app;
    const paper = await app.db.selectFrom('papers').select('id').limit(1).executeTakeFirstOrThrow();
    const subscriber = await app.db.selectFrom('subscribers').select('id').executeTakeFirstOrThrow();
    await recordVote(app.db, { subscriberId: subscriber.id, paperId: paper.id, vote: 'up' }, new Date('2026-11-24T00:00:00Z'));
    const transport = createTransport(app.config);
    const report = await runOnce(app, { at: new Date('2026-11-24T12:00:00Z'), renderer: await createRendererFor(setup.config, app.log), transport, dryRun: true });
    await transport.close();
    expect(report.learned).toBe(1);
    expect((await readerModelsOf(app.db, [subscriber.id])).get(subscriber.id)?.liked.map((liked) => liked.id)).toEqual([paper.id]);
  }, 60_000);
});
