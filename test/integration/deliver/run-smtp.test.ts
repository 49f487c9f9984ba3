import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRendererFor, type App } from '../../../src/app.js';
import { createTransport } from '../../../src/deliver/index.js';
import type { Renderer } from '../../../src/render/index.js';
import { runOnce, retryDeliveries } from '../../../src/run/index.js';
import { findSubscriberByEmail, listEditions } from '../../../src/store/index.js';
import { join } from 'node:path';
import { failingFor, makeSubscribers, testApp, TEST_SECRET } from '../../helpers/app.js';
import { readVerp } from '../../../src/verp.js';
import { isPaperboyError } from '../../../src/errors.js';
import { copyDumps, sampleDumpFiles } from '../../helpers/temp.js';
import { TestSmtpServer, type TestSmtpOptions } from '../../helpers/smtp.js';

const AT = new Date('2026-11-24T12:00:00Z');
const FAST_RETRY = { attempts: 4, baseMs: 5, maxMs: 20 };
const cleanup: (() => Promise<void>)[] = [];
let renderer: Renderer;

afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});

async function setup(smtp: TestSmtpOptions, subscribers = 12) {
  const server = await new TestSmtpServer(smtp).start();
  cleanup.push(() => server.stop());
  const { app, config } = await testApp({ transport: server.url, subscribers: makeSubscribers(subscribers) });
  cleanup.push(() => app.close());
  renderer ??= await createRendererFor(config, app.log);
  return { server, app };
}

async function run(app: App) {
  const transport = createTransport(app.config, { socketTimeout: 5_000 });
  try {
    return await runOnce(app, { at: AT, renderer, transport, retry: FAST_RETRY });
  } finally {
    await transport.close();
  }
}

function expectExactlyOnce(server: TestSmtpServer, n: number) {
  const counts = server.countsByRecipient();
  expect(counts.size).toBe(n);
  expect([...counts.values()].every((count) => count === 1)).toBe(true);
}

describe('paperboy run against a real SMTP server', () => {
  beforeAll(async () => {
    // Compile the templates once for the whole file.
    const { app, config } = await testApp({ ingest: false });
    renderer = await createRendererFor(config, app.log);
    await app.close();
  });

  it('sends each due subscriber exactly one digest, and nothing on a second run at the same instant', async () => {
    const { server, app } = await setup({});
    const first = await run(app);
    expect(first).toMatchObject({ due: 12, sent: 12, retry: 0, failed: 0, unknown: 0, transportError: null });
    expectExactlyOnce(server, 12);
    const mail = server.received[0];
    expect(mail.subject).toMatch(/new papers?/);
    const headers = server.raw[0].toString().split('\r\n\r\n')[0].replace(/\r\n[ \t]+/g, ' ');
    expect(headers).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
    expect(headers).toMatch(/^List-Unsubscribe: <http:\/\/localhost:8080\/unsubscribe\?token=[\w.-]+>, <mailto:unsubscribe@example\.org\?subject=unsubscribe%20[\w.-]+>$/m);
    expect(mail.messageId).toMatch(/^<.+@example\.org>$/);
    // Each envelope sender is the VERP address of its own message, signed.
    expect(new Set(server.mailFrom).size).toBe(12);
    const hash = /^<([0-9a-f]{32})\./.exec(mail.messageId!)![1];
    expect(server.mailFrom[0]).toMatch(new RegExp(`^bounces\\+${hash}\\.[0-9a-f]{12}@example\\.org$`));
    expect(readVerp(TEST_SECRET, 'bounces', server.mailFrom.join('\n'))).toHaveLength(12);

    const greeted = server.sessions.length;
    const second = await run(app);
    expect(second).toMatchObject({ due: 0, sent: 0 });
    expect(server.received).toHaveLength(12);
    // Connections are opened ahead only for editions that are due: this run opened none.
    expect(server.sessions).toHaveLength(greeted);
    expect((await listEditions(app.db, { state: 'sent' })).length).toBe(12);
  });

  it('opens its connections as soon as it knows mail is due, before it reads the recent papers', async () => {
    const { server, app } = await setup({});
    const transport = createTransport(app.config, { socketTimeout: 5_000 });
    // Whether the recent papers' index was in the store when the run asked
    // for connections: the run keeps it there once it has read the papers.
    const indexStored: Promise<boolean>[] = [];
    const connectAhead = transport.connectAhead!.bind(transport);
    transport.connectAhead = (messages) => {
      indexStored.push(app.db.selectFrom('match_indexes').select('key').executeTakeFirst().then((row) => row !== undefined));
      connectAhead(messages);
    };
    try {
      expect(await runOnce(app, { at: AT, renderer, transport, retry: FAST_RETRY })).toMatchObject({ due: 12, sent: 12 });
    } finally {
      await transport.close();
    }
    expect(await Promise.all(indexStored)).toEqual([false]);
    expect(await app.db.selectFrom('match_indexes').select('key').execute()).toHaveLength(1);
    expectExactlyOnce(server, 12);
  });

  it('retries 451 answers within the run until every recipient has exactly one message', async () => {
    // Every third recipient is refused at its first try, whatever the order
    // the connections deliver in: refusing every third DATA overall could
    // refuse one unlucky message at every try (the test flaked that way).
    const tries = new Map<string, number>();
    const onData = (_n: number, [to]: string[]) => {
      const attempt = (tries.get(to) ?? 0) + 1;
      tries.set(to, attempt);
      return tries.size % 3 === 0 && attempt === 1 ? { code: 451, message: '4.3.0 Try again later' } : null;
    };
    const { server, app } = await setup({ onData });
    const report = await run(app);
    expect(report).toMatchObject({ sent: 12, retry: 0, failed: 0 });
    expectExactlyOnce(server, 12);
    const retried = (await listEditions(app.db, { state: 'sent' })).filter((edition) => edition.attempts > 1);
    expect(retried.length).toBeGreaterThan(0);
    // A retry renders its message anew: the same message, to the same reader.
    for (const edition of retried) {
      const mail = server.received.find((received) => received.messageId === edition.messageId);
      expect(mail?.to && !Array.isArray(mail.to) ? mail.to.value[0].address : null).toBe(edition.email);
      expect(mail?.html).toContain('unsubscribe');
    }
  });

  it('survives a 421 that drops the connection', async () => {
    const { server, app } = await setup({ onData: (n) => (n === 2 || n === 7 ? { code: 421, message: '4.7.0 Closing connection' } : null) });
    const report = await run(app);
    expect(report).toMatchObject({ sent: 12, retry: 0 });
    expectExactlyOnce(server, 12);
  });

  it('records a 550 for one recipient as failed with its code, and bounces after three in a row', async () => {
    const bad = 'reader3@example.org';
    const { server, app } = await setup({ onRcpt: (address) => (address === bad ? { code: 550, message: '5.1.1 No such user here' } : null) });
    const report = await run(app);
    expect(report).toMatchObject({ sent: 11, failed: 1, retry: 0 });
    expect(server.countsByRecipient().has(bad)).toBe(false);
    const [failed] = await listEditions(app.db, { state: 'failed' });
    expect(failed).toMatchObject({ email: bad, lastCode: 550, lastCommand: 'RCPT TO' });
    expect(failed.lastResponse).toMatch(/No such user/);
    expect((await findSubscriberByEmail(app.db, bad))?.status).toBe('active');

    // Two more permanent failures (explicit resends) make three in a row.
    const transport = createTransport(app.config);
    await retryDeliveries(app, { unknown: false, renderer, transport, retry: FAST_RETRY });
    await retryDeliveries(app, { unknown: false, renderer, transport, retry: FAST_RETRY });
    await transport.close();
    expect((await findSubscriberByEmail(app.db, bad))?.status).toBe('bounced');
  });

  it('waits for a slow server instead of giving up', async () => {
    const { server, app } = await setup({ delayMs: 300 }, 4);
    const report = await run(app);
    expect(report).toMatchObject({ sent: 4, retry: 0 });
    expectExactlyOnce(server, 4);
  });

  it('keeps messages that still fail after the run\'s retries for the next run', async () => {
    let failing = true;
    const { server, app } = await setup({ onData: () => (failing ? { code: 452, message: '4.3.1 Insufficient system storage' } : null) }, 3);
    const first = await run(app);
    expect(first).toMatchObject({ sent: 0, retry: 3 });
    expect((await listEditions(app.db, { state: 'retry' })).every((e) => e.lastCode === 452)).toBe(true);
    failing = false;
    // The next attempt is scheduled a minute on; an explicit retry sends now.
    const transport = createTransport(app.config);
    const again = await retryDeliveries(app, { unknown: false, renderer, transport, retry: FAST_RETRY });
    await transport.close();
    expect(again).toMatchObject({ requeued: 3, sent: 3 });
    expectExactlyOnce(server, 3);
  });

  it('stops on a digest the templates cannot render: that delivery waits in retry, none is left sending, and once fixed each reader gets one', async () => {
    const { server, app } = await setup({}, 6);
    const broken = failingFor(renderer, 'reader2@example.org');
    const transport = createTransport(app.config, { socketTimeout: 5_000 });
    const failed = await runOnce(app, { at: AT, renderer: broken, transport, retry: FAST_RETRY }).then(
      () => null,
      (error: unknown) => error,
    );
    await transport.close();
    expect(isPaperboyError(failed, 'PB_TEMPLATE') && failed.message).toContain('paper.nothing');
    const editions = await listEditions(app.db);
    const reader2 = (await findSubscriberByEmail(app.db, 'reader2@example.org'))!;
    const waiting = editions.find((edition) => edition.subscriberId === reader2.id)!;
    expect(waiting).toMatchObject({ state: 'retry', lastResponse: expect.stringContaining('cannot render this digest: daily.mjml') });
    // Not at once: a worker must not spin on a digest its templates cannot render.
    expect(Date.parse(waiting.nextAttemptAt!) - Date.now()).toBeGreaterThan(30_000);
    expect(editions.every((edition) => ['sent', 'planned', 'retry'].includes(edition.state))).toBe(true);
    expect(server.countsByRecipient().has('reader2@example.org')).toBe(false);

    // The next run sends what was planned; the one that failed goes out when asked for, with the template fixed.
    const again = await run(app);
    expect(again.unknown).toBe(0);
    const retried = createTransport(app.config);
    expect(await retryDeliveries(app, { unknown: false, renderer, transport: retried, retry: FAST_RETRY })).toMatchObject({ sent: 1 });
    await retried.close();
    expectExactlyOnce(server, 6);
  });

  it('reports an unreachable server by host and keeps every edition for later', async () => {
    const { server, app } = await setup({}, 5);
    await server.stop();
    cleanup.shift();
    const report = await run(app);
    expect(report.sent).toBe(0);
    expect(report.transportError).toMatch(/smtp:\/\/127\.0\.0\.1:\d+: .*check delivery\.transport/);
    const editions = await listEditions(app.db);
    expect(editions.every((e) => e.state === 'planned' || e.state === 'retry')).toBe(true);
  });

  it('sends a weekly summary and an instant alert for the papers a run ingests', async () => {
    const server = await new TestSmtpServer().start();
    cleanup.push(() => server.stop());
    const [weekly, instant] = makeSubscribers(2);
    const { app, dir } = await testApp({
      transport: server.url,
      ingest: false,
      subscribers: [{ ...weekly, frequency: 'weekly' }, { ...instant, frequency: 'instant' }],
    });
    cleanup.push(() => app.close());
    copyDumps(sampleDumpFiles(), join(dir, 'dumps'));
    const report = await run(app);
    expect(report).toMatchObject({ due: 1, alerts: 1, sent: 2, empty: 0 });
    const editions = await listEditions(app.db);
    expect(editions.map((e) => [e.email, e.kind, e.state])).toEqual(
      expect.arrayContaining([
        [weekly.email, 'weekly', 'sent'],
        [instant.email, 'instant', 'sent'],
      ]),
    );
    expect(editions.find((e) => e.kind === 'weekly')?.period).toBe('2026-W48');
    // A second run ingests nothing new: no second alert, no second weekly.
    const again = await run(app);
    expect(again).toMatchObject({ due: 0, alerts: 0, sent: 0 });
    expectExactlyOnce(server, 2);
  });
});
