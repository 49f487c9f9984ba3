import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { stringify } from 'yaml';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../../src/link-tokens.js';
import { TEST_SECRET } from '../../helpers/app.js';
import { unsubscribeMail } from '../../helpers/bounce-mails.js';
import { cli, spawnCli, waitForExit } from '../../helpers/cli.js';
import { hasDovecot, TestImapServer } from '../../helpers/dovecot.js';
import { tempDir } from '../../helpers/temp.js';

const run = hasDovecot() || process.env.CI === 'true' ? describe : describe.skip;

run('paperboy start reads the bounce mailbox on its poll', () => {
  let imap: TestImapServer;
  const children: ReturnType<typeof spawnCli>[] = [];
  beforeAll(async () => {
    imap = await new TestImapServer().start();
  });
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });
  afterAll(() => imap?.stop());

  it('unsubscribes the reader of a mail to the unsubscribe address while it runs', async () => {
    const dir = tempDir('pb-daemon-bounces-');
    mkdirSync(join(dir, 'dumps'));
    writeFileSync(join(dir, 'subscribers.yaml'), stringify([{ email: 'ada@example.org', timezone: 'UTC', frequency: 'weekly', topics: ['diffusion'] }]));
    writeFileSync(join(dir, 'paperboy.yaml'), stringify({ dumps: { dir: './dumps', poll: '*/1 * * * * *' }, web: { port: 0 }, subscribers: './subscribers.yaml' }));
    const env = { PAPERBOY_SECRET: TEST_SECRET, PAPERBOY_LOG_LEVEL: 'info', PAPERBOY_BOUNCE_IMAP_URL: imap.url() };

    const client = new ImapFlow({ host: '127.0.0.1', port: imap.port, secure: false, auth: { user: imap.user, pass: imap.pass }, logger: false });
    await client.connect();
    await client.append('INBOX', unsubscribeMail('ada@example.org', signToken(TEST_SECRET, { purpose: 'unsubscribe', subscriberId: 1, expiresAt: null })));
    await client.logout();

    const daemon = spawnCli(['start'], { cwd: dir, env });
    children.push(daemon);
    const exited = waitForExit(daemon);
    let log = '';
    daemon.stderr!.on('data', (chunk) => (log += chunk));
    for (const deadline = Date.now() + 40_000; !/handled a mail of the bounce mailbox/.test(log); ) {
      if (Date.now() > deadline || daemon.exitCode !== null) throw new Error(`no pass over the mailbox:\n${log}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    daemon.kill('SIGTERM');
    expect((await exited).code).toBe(0);

    const list = await cli(['subscribers', 'list', '--status', 'unsubscribed', '--json'], { cwd: dir, env });
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ email: 'ada@example.org', suppression: expect.objectContaining({ reason: 'unsubscribe-mail' }) })]);
  }, 60_000);
});
