// A subscriber never gets a paper twice: the next day's digest carries the
// papers that did not fit the day before, not the same ones again. A run
// reads only the papers sent from its candidate window (008-sent-window);
// read from the wrong window, yesterday's papers would come back.
import { afterEach, describe, expect, it } from 'vitest';
import { createRendererFor, type App } from '../../../src/app.js';
import { createTransport } from '../../../src/deliver/index.js';
import { runOnce } from '../../../src/run/index.js';
import { listEditions, loadDigest } from '../../../src/store/index.js';
import { makeSubscribers, testApp } from '../../helpers/app.js';

let app: App | undefined;
afterEach(async () => {
  await app?.close();
});

async function papersSentOn(app: App, period: string): Promise<Map<number, string[]>> {
  const sent = new Map<number, string[]>();
  for (const edition of await listEditions(app.db)) {
    if (edition.period !== period || edition.state !== 'sent') continue;
    const loaded = await loadDigest(app.db, edition.id);
    sent.set(edition.subscriberId, loaded!.digest.sections.flatMap((section) => section.matches.map((match) => match.paper.id)));
  }
  return sent;
}

describe('paperboy run, day after day', () => {
  it('sends the next day the papers that did not fit, never one already sent', async () => {
    const setup = await testApp({ subscribers: makeSubscribers(8) });
    app = setup.app;
    const renderer = await createRendererFor(setup.config, app.log);
    for (const at of ['2026-11-24T12:00:00Z', '2026-11-25T12:00:00Z']) {
      const transport = createTransport(app.config);
      try {
        await runOnce(app, { at: new Date(at), renderer, transport });
      } finally {
        await transport.close();
      }
    }

    const first = await papersSentOn(app, '2026-11-24');
    const second = await papersSentOn(app, '2026-11-25');
    expect(first.size).toBe(8);
    // The sample dumps hold more than twenty matches for most topics: the second day has papers too.
    expect(second.size).toBeGreaterThan(0);
    for (const [subscriberId, papers] of second) {
      expect(papers.length).toBeGreaterThan(0);
      expect(papers.filter((id) => first.get(subscriberId)?.includes(id))).toEqual([]);
    }
  });
});
