import { ImapFlow } from 'imapflow';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRendererFor, type App } from '../../../src/app.js';
import { LEFT_KEYWORD, readBounceMailbox } from '../../../src/deliver/bounce-mailbox.js';
import { createTransport } from '../../../src/deliver/index.js';
import { runOnce } from '../../../src/run/index.js';
import { findSubscriberByEmail, listEditions, listSuppressions } from '../../../src/store/index.js';
import { makeSubscribers, testApp, TEST_SECRET } from '../../helpers/app.js';
import {
  arfComplaint,
  exchangeBounce,
  gmailBounce,
  outOfOffice,
  postfixBounce,
  postfixDelay,
  readerReply,
  sesBounce,
  unsubscribeMail,
  type Sent,
} from '../../helpers/bounce-mails.js';
import { hasDovecot, TestImapServer } from '../../helpers/dovecot.js';
import { TestSmtpServer } from '../../helpers/smtp.js';

// CI installs dovecot-imapd: there these tests must run, never skip.
const run = hasDovecot() || process.env.CI === 'true' ? describe : describe.skip;
const AT = new Date('2026-11-24T12:00:00Z');
const LATER = new Date('2026-11-24T20:00:00Z');

run('the bounce mailbox, read over IMAP from a real Dovecot', () => {
  let imap: TestImapServer;
  let smtp: TestSmtpServer;
  let app: App;
  const sent = new Map<string, Sent>();
  let unsubscribeUrl = '';

  beforeAll(async () => {
    imap = await new TestImapServer().start();
    smtp = await new TestSmtpServer().start();
    ({ app } = await testApp({ transport: smtp.url, subscribers: makeSubscribers(9) }));
    const renderer = await createRendererFor(app.config, app.log);
    const transport = createTransport(app.config);
    const report = await runOnce(app, { at: AT, renderer, transport });
    await transport.close();
    expect(report.sent).toBe(9);
    smtp.raw.forEach((raw, i) => {
      const headers = raw.toString('latin1').split('\r\n\r\n')[0];
      const to = /^To: .*<([^>]+)>/m.exec(headers)![1];
      const unsubscribeToken = /subject=unsubscribe%20([\w.-]+)>/.exec(headers.replace(/\r\n[ \t]+/g, ' '))![1];
      unsubscribeUrl ||= /List-Unsubscribe: <([^>]+)>/.exec(headers.replace(/\r\n[ \t]+/g, ' '))![1];
      sent.set(to, { verp: smtp.mailFrom[i], to, messageId: /^Message-ID: (.+)$/m.exec(headers)![1], headers: headers.replace(/\r\n/g, '\n'), unsubscribeToken });
    });
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await smtp?.stop();
    await imap?.stop();
  });

  const reader = (i: number) => sent.get(`reader${i}@example.org`)!;

  async function mailbox<T>(work: (client: ImapFlow) => Promise<T>): Promise<T> {
    const client = new ImapFlow({ host: '127.0.0.1', port: imap.port, secure: false, auth: { user: imap.user, pass: imap.pass }, logger: false });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.logout();
    }
  }

  async function subjects(client: ImapFlow, path: string): Promise<string[]> {
    const lock = await client.getMailboxLock(path);
    try {
      const found: string[] = [];
      for await (const message of client.fetch('1:*', { envelope: true })) found.push(message.envelope?.subject ?? '');
      return found.sort();
    } catch {
      return [];
    } finally {
      lock.release();
    }
  }

  const pass = () =>
    readBounceMailbox({ db: app.db, url: imap.url(), folder: 'paperboy-handled', secret: TEST_SECRET, localPart: 'bounces', now: () => LATER, log: pino({ level: 'silent' }) });

  it('fails the bounced deliveries with their DSN status, suppresses the complaint and the unsubscribe, and leaves the rest for a person', async () => {
    const forged = { ...reader(8), verp: reader(8).verp.replace(/\.[0-9a-f]{12}@/, '.000000000000@') };
    const mails = [
      postfixBounce(reader(0)),
      exchangeBounce(reader(1)),
      gmailBounce(reader(2)),
      sesBounce(reader(3)),
      postfixDelay(reader(4)),
      arfComplaint(reader(5)),
      unsubscribeMail('reader6@example.org', reader(6).unsubscribeToken),
      readerReply(reader(7), unsubscribeUrl),
      outOfOffice(reader(7)),
      // Forged: a DSN to a VERP address with a wrong signature, an unsubscribe with a made-up token.
      postfixBounce(forged).replace(/Message-ID: <[^>]+>/, 'Message-ID: <forged-dsn@example.net>'),
      unsubscribeMail('mallory@example.net', `${reader(8).unsubscribeToken.split('.')[0]}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`, 'forged-unsub@example.net'),
    ];
    await mailbox(async (client) => {
      for (const mail of mails) await client.append('INBOX', mail);
    });

    const report = await pass();
    expect(report).toMatchObject({ read: 11, bounce: 4, delay: 1, complaint: 1, unsubscribe: 1, seenBefore: 0 });
    expect(report.left).toHaveLength(4);
    expect(report.suppressed).toEqual([
      { email: 'reader5@example.org', reason: 'complaint' },
      { email: 'reader6@example.org', reason: 'unsubscribe mail' },
    ]);

    const editions = new Map((await listEditions(app.db)).map((edition) => [edition.email, edition]));
    const dsnStatus = async (i: number) =>
      (await app.db.selectFrom('editions').select('dsn_status').where('id', '=', editions.get(`reader${i}@example.org`)!.id).executeTakeFirstOrThrow()).dsn_status;
    for (const [i, status, code, text] of [
      [0, '5.1.1', 550, /Recipient address rejected: User unknown/],
      [1, '5.1.10', 550, /RESOLVER\.ADR\.RecipientNotFound/],
      [2, '5.1.1', 550, /does not exist/],
      [3, '5.4.7', 554, /Message expired/],
    ] as const) {
      const edition = editions.get(`reader${i}@example.org`)!;
      expect(edition).toMatchObject({ state: 'failed', lastCode: code, lastCommand: 'DSN', dsnStatus: status });
      expect(edition.lastResponse).toMatch(text);
      expect(await dsnStatus(i)).toBe(status);
    }
    // The soft bounce is recorded and changes nothing else.
    expect(editions.get('reader4@example.org')!.state).toBe('sent');
    expect(await dsnStatus(4)).toBeNull();
    const delay = await app.db.selectFrom('mail_events').selectAll().where('kind', '=', 'delay').executeTakeFirstOrThrow();
    expect(delay).toMatchObject({ status: '4.4.1', edition_id: editions.get('reader4@example.org')!.id });

    // One bounce is not three in a row: those readers stay active, as with an SMTP 5xx.
    for (const i of [0, 1, 2, 3, 4, 7, 8]) expect((await findSubscriberByEmail(app.db, `reader${i}@example.org`))!.status).toBe('active');
    const suppressions = await listSuppressions(app.db);
    expect(suppressions.map(({ email, status, reason }) => ({ email, status, reason }))).toEqual([
      { email: 'reader5@example.org', status: 'unsubscribed', reason: 'complaint' },
      { email: 'reader6@example.org', status: 'unsubscribed', reason: 'unsubscribe-mail' },
    ]);
    expect(suppressions[0].detail).toBe('abuse report from Yahoo!-Mail-Feedback/2.0');

    // Nothing deleted: the handled mail moved, the rest stayed, marked so the next pass skips it.
    await mailbox(async (client) => {
      expect(await subjects(client, 'paperboy-handled')).toHaveLength(7);
      const inbox = await subjects(client, 'INBOX');
      expect(inbox).toEqual(['Out of office: 20 new papers', 'Re: 20 new papers: Diffusion, LLMs', 'Undelivered Mail Returned to Sender', expect.stringMatching(/^unsubscribe /)]);
      const lock = await client.getMailboxLock('INBOX');
      try {
        for await (const message of client.fetch('1:*', { flags: true })) {
          expect(message.flags!.has(LEFT_KEYWORD)).toBe(true);
          // Left unread for the person who reads the mailbox.
          expect(message.flags!.has('\\Seen')).toBe(false);
        }
      } finally {
        lock.release();
      }
    });
  }, 60_000);

  it('a second pass changes nothing, and a mail handled before but not moved is only moved', async () => {
    const before = await app.db.selectFrom('mail_events').selectAll().execute();
    const again = await pass();
    expect(again).toMatchObject({ read: 0, bounce: 0, complaint: 0, unsubscribe: 0, left: [] });

    // As if the pass before had stopped between its commit and the move.
    await mailbox((client) => client.append('INBOX', postfixBounce(reader(0))));
    const third = await pass();
    expect(third).toMatchObject({ read: 1, bounce: 0, seenBefore: 1 });
    expect(await app.db.selectFrom('mail_events').selectAll().execute()).toEqual(before);
    await mailbox(async (client) => expect(await subjects(client, 'paperboy-handled')).toHaveLength(8));
  }, 60_000);

  it('a wrong password is a clear error naming the mailbox, never the password', async () => {
    const error = await readBounceMailbox({
      db: app.db,
      url: imap.url().replace(imap.pass, 'wrong-password'),
      folder: 'paperboy-handled',
      secret: TEST_SECRET,
      localPart: 'bounces',
      now: () => LATER,
      log: pino({ level: 'silent' }),
    }).then(() => ({ code: 'none', message: '' }), (caught: unknown) => caught as { code: string; message: string });
    expect(error).toMatchObject({ code: 'PB_BOUNCE_MAILBOX' });
    expect(error.message).toMatch(/imap:\/\/127\.0\.0\.1:\d+\/INBOX: cannot log in/);
    expect(error.message).not.toMatch(/wrong-password/);
  });
});
