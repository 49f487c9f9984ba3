import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from '../../helpers/cli.js';
import { unsubscribeMail } from '../../helpers/bounce-mails.js';
import { hasDovecot, TestImapServer } from '../../helpers/dovecot.js';
import { smtpProject } from '../../helpers/project.js';
import { TestSmtpServer } from '../../helpers/smtp.js';
import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';

const SECRET = 'cli-secret-0123456789abcdef';
const AT = '2026-11-24T12:00:00Z';

describe('real mail links to the real site', () => {
  for (const publicUrl of ['http://papers.example.org', 'https://localhost:8080', 'https://127.0.0.1']) {
    it(`refuses to send over SMTP with web.publicUrl ${publicUrl}, before anything is sent`, async () => {
      const smtp = await new TestSmtpServer().start();
      try {
        const dir = smtpProject(smtp.url, { prefix: 'pb-url-', subscribers: 2 });
        writeFileSync(join(dir, 'paperboy.yaml'), stringify({ dumps: { dir: './dumps' }, store: { url: 'sqlite:./data/paperboy.db' }, delivery: { transport: smtp.url }, web: { publicUrl }, subscribers: './subscribers.yaml' }));
        const result = await cli(['run', '--at', AT], { cwd: dir, env: { PAPERBOY_SECRET: SECRET } });
        expect(result.code).toBe(2);
        expect(result.stderr).toMatch(/web\.publicUrl .* one-click unsubscribe needs https on a public host — set web\.publicUrl/);
        expect(smtp.received).toHaveLength(0);
      } finally {
        await smtp.stop();
      }
    });
  }

  it('lets the file outbox of the demo write with a localhost publicUrl', async () => {
    const dir = smtpProject('file:./outbox', { prefix: 'pb-url-', subscribers: 2 });
    writeFileSync(join(dir, 'paperboy.yaml'), stringify({ dumps: { dir: './dumps' }, store: { url: 'sqlite:./data/paperboy.db' }, delivery: { transport: 'file:./outbox' }, web: { publicUrl: 'http://localhost:8080' }, subscribers: './subscribers.yaml' }));
    const result = await cli(['run', '--at', AT], { cwd: dir, env: { PAPERBOY_SECRET: SECRET } });
    expect(result.code).toBe(0);
    expect(existsSync(join(dir, 'outbox')) && readdirSync(join(dir, 'outbox')).length).toBe(2);
  });
});

const run = hasDovecot() || process.env.CI === 'true' ? describe : describe.skip;

run('paperboy bounces, subscribers list --status, status', () => {
  let imap: TestImapServer;
  let smtp: TestSmtpServer;
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    imap = await new TestImapServer().start();
    smtp = await new TestSmtpServer().start();
    dir = smtpProject(smtp.url, { prefix: 'pb-bounces-', subscribers: 3 });
    env = { PAPERBOY_SECRET: SECRET, PAPERBOY_BOUNCE_IMAP_URL: imap.url() };
    expect((await cli(['run', '--at', AT], { cwd: dir, env })).code).toBe(0);
  }, 60_000);

  afterAll(async () => {
    await smtp?.stop();
    await imap?.stop();
  });

  it('says what is missing when no mailbox is configured', async () => {
    const result = await cli(['bounces'], { cwd: dir, env: { PAPERBOY_SECRET: SECRET } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/bounces\.imap: no bounce mailbox is configured — set bounces\.imap \(or PAPERBOY_BOUNCE_IMAP_URL\)/);
  });

  it('handles a mail to the unsubscribe address in one pass, and shows who is suppressed and why', async () => {
    const headers = smtp.raw[0].toString('latin1').split('\r\n\r\n')[0].replace(/\r\n[ \t]+/g, ' ');
    const token = /subject=unsubscribe%20([\w.-]+)>/.exec(headers)![1];
    const email = /^To: (?:.*<)?([^>\s]+)>?$/m.exec(headers)![1];
    const client = new ImapFlow({ host: '127.0.0.1', port: imap.port, secure: false, auth: { user: imap.user, pass: imap.pass }, logger: false });
    await client.connect();
    await client.append('INBOX', unsubscribeMail(email, token));
    await client.logout();

    const pass = await cli(['bounces', '--json'], { cwd: dir, env });
    expect(pass.code).toBe(0);
    expect(JSON.parse(pass.stdout)).toMatchObject({ read: 1, unsubscribe: 1, suppressed: [{ email, reason: 'unsubscribe mail' }] });

    const list = await cli(['subscribers', 'list', '--status', 'unsubscribed'], { cwd: dir, env });
    expect(list.stdout).toMatch(new RegExp(`^${email.replace('.', '\\.')} — daily, .*, unsubscribed: unsubscribed by mail \\(mail from ${email.replace('.', '\\.')}\\), 20`, 'm'));
    expect(list.stdout.match(/^\S+@/gm)).toHaveLength(1);
    const json = JSON.parse((await cli(['subscribers', 'list', '--status', 'unsubscribed', '--json'], { cwd: dir, env })).stdout);
    expect(json).toEqual([expect.objectContaining({ email, status: 'unsubscribed', suppression: expect.objectContaining({ reason: 'unsubscribe-mail' }) })]);
    expect((await cli(['subscribers', 'list', '--status', 'gone'], { cwd: dir, env })).code).toBe(2);

    const status = await cli(['status'], { cwd: dir, env });
    expect(status.stdout).toMatch(/^Suppressed: {2}1 unsubscribed, 0 bounced \(1 unsubscribe-mail\)$/m);
    expect(status.stdout).toMatch(new RegExp(`^ +${email.replace('.', '\\.')}: unsubscribed, unsubscribed by mail`, 'm'));
    expect(status.stdout).toMatch(/^Bounces: {5}1 unsubscribe handled from the bounce mailbox$/m);

    const again = await cli(['bounces', '--json'], { cwd: dir, env });
    expect(JSON.parse(again.stdout)).toMatchObject({ read: 0, unsubscribe: 0 });
  }, 60_000);
});
