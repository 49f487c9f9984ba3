// A stored reader model this version cannot read (written by a later
// paperboy, say, before going back to this one) stops no digest: the run
// ranks that reader by their topics and says whose model it could not read.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRendererFor, type App } from '../../../src/app.js';
import { createTransport } from '../../../src/deliver/index.js';
import { runOnce } from '../../../src/run/index.js';
import { listSubscribers, recordVote } from '../../../src/store/index.js';
import { retrainReader } from '../../../src/run/index.js';
import { makeSubscribers, testApp } from '../../helpers/app.js';

let app: App | undefined;
afterEach(async () => {
  await app?.close();
});

describe('a run over a reader model it cannot read', () => {
  it('sends that reader a digest ranked by topics, and warns naming them', async () => {
    const made = await testApp({ subscribers: makeSubscribers(2) });
    app = made.app;
    const [voter] = await listSubscribers(app.db);
    const paper = await app.db.selectFrom('papers').select('id').limit(1).executeTakeFirstOrThrow();
    await recordVote(app.db, { subscriberId: voter.id, paperId: paper.id, vote: 'up' }, app.clock.now());
    await retrainReader(app, voter.id);
    await app.db.updateTable('reader_models').set({ model: JSON.stringify({ v: 9, bias: 0, weights: 'a later format' }) }).where('subscriber_id', '=', voter.id).execute();
    const warn = vi.spyOn(app.log, 'warn');

    const report = await runOnce(app, { at: app.clock.now(), renderer: await createRendererFor(made.config, app.log), transport: createTransport(app.config) });

    expect(report.sent).toBe(2);
    expect(report.invalid).toEqual([]);
    expect(warn.mock.calls.filter(([fields, message]) => String(message).includes('stored model cannot be read') && (fields as { email?: string }).email === voter.email)).toHaveLength(1);
  });
});
