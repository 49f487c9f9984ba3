import { describe, expect, it } from 'vitest';
import { checkPublicUrlForMail } from '../../../src/deliver/public-url.js';
import { dsnRecipients, readBounceMail } from '../../../src/deliver/bounce-mail.js';
import { imapTarget } from '../../../src/deliver/bounce-mailbox.js';
import { readVerp, verpAddress } from '../../../src/verp.js';
import { exchangeBounce, gmailBounce, outOfOffice, postfixBounce, postfixDelay, sesBounce, type Sent } from '../../helpers/bounce-mails.js';

const SECRET = 'test-secret-0123456789abcdef';
const MESSAGE_ID = '<0123456789abcdef0123456789abcdef.daily@example.org>';
const keys = { secret: SECRET, localPart: 'bounces' };

function sent(overrides: Partial<Sent> = {}): Sent {
  return {
    verp: verpAddress(SECRET, 'bounces', 'example.org', MESSAGE_ID),
    to: 'ada@example.org',
    messageId: MESSAGE_ID,
    headers: `From: Paperboy <digest@example.org>\nTo: ada@example.org\nSubject: 3 new papers\nMessage-ID: ${MESSAGE_ID}`,
    unsubscribeToken: 'abc.def',
    ...overrides,
  };
}

describe('VERP addresses', () => {
  it('names the Message-ID, fits a local part, and reads back only when genuine', () => {
    const address = verpAddress(SECRET, 'bounces', 'example.org', MESSAGE_ID);
    expect(address).toMatch(/^bounces\+0123456789abcdef0123456789abcdef\.[0-9a-f]{12}@example\.org$/);
    expect(address.split('@')[0].length).toBeLessThanOrEqual(64);
    expect(readVerp(SECRET, 'bounces', `To: <${address.toUpperCase()}>`)).toEqual(['0123456789abcdef0123456789abcdef']);
    expect(readVerp('another-secret-0123456789', 'bounces', address)).toEqual([]);
    expect(readVerp(SECRET, 'bounces', address.replace(/\.[0-9a-f]{12}@/, '.0123456789ab@'))).toEqual([]);
    expect(readVerp(SECRET, 'bounces', address.replace('0123456789abcdef0123456789abcdef', 'f123456789abcdef0123456789abcdef'))).toEqual([]);
  });
});

describe('reading a mail of the bounce mailbox', () => {
  it.each([
    ['Postfix', postfixBounce, '5.1.1', 550],
    ['Exchange', exchangeBounce, '5.1.10', 550],
    ['Gmail', gmailBounce, '5.1.1', 550],
    ['Amazon SES (quoting nothing)', sesBounce, '5.4.7', 554],
  ] as const)('reads a %s DSN: its delivery, status, code and diagnostic', async (_name, shape, status, code) => {
    const read = await readBounceMail(Buffer.from(shape(sent())), keys);
    expect(read.mail).toMatchObject({ kind: 'dsn', hashes: ['0123456789abcdef0123456789abcdef'], recipients: [{ action: 'failed', status, code, recipient: 'ada@example.org' }] });
    expect(read.mailKey).toMatch(/^message-id:</);
  });

  it('reads a delayed DSN as temporary', async () => {
    const read = await readBounceMail(Buffer.from(postfixDelay(sent())), keys);
    expect(read.mail).toMatchObject({ kind: 'dsn', recipients: [{ action: 'delayed', status: '4.4.1', code: null }] });
  });

  it('leaves a DSN whose VERP address is forged, and an out-of-office, for a person', async () => {
    const forged = sent({ verp: sent().verp.replace(/\.[0-9a-f]{12}@/, '.000000000000@') });
    expect((await readBounceMail(Buffer.from(postfixBounce(forged)), keys)).mail.kind).toBe('other');
    expect((await readBounceMail(Buffer.from(outOfOffice(sent())), keys)).mail).toMatchObject({ kind: 'other', reason: 'an automatic reply' });
  });

  it('joins continuation lines and takes the SMTP code out of the diagnostic', () => {
    const [recipient] = dsnRecipients('Reporting-MTA: dns; mx\n\nFinal-Recipient: rfc822; a@b.c\nAction: failed\nStatus: 5.2.2\nDiagnostic-Code: smtp; 552-5.2.2 The email account\n    is over quota\n');
    expect(recipient).toEqual({ action: 'failed', status: '5.2.2', code: 552, diagnostic: '552-5.2.2 The email account is over quota', recipient: 'a@b.c' });
  });
});

describe('the bounce mailbox URL', () => {
  it('takes imaps:// anywhere and imap:// only on this host, never showing the password', () => {
    expect(imapTarget('imaps://u%40x:p%2Fw@mail.example.org/Bounces')).toMatchObject({ host: 'mail.example.org', port: 993, secure: true, user: 'u@x', pass: 'p/w', mailbox: 'Bounces', label: 'imaps://mail.example.org/Bounces' });
    expect(imapTarget('imap://u:p@127.0.0.1:1143')).toMatchObject({ port: 1143, secure: false, mailbox: 'INBOX' });
    expect(() => imapTarget('imap://u:secret@mail.example.org/INBOX')).toThrow(expect.objectContaining({ code: 'PB_CONFIG_KEY', message: expect.stringMatching(/use imaps:\/\//) }));
    expect(() => imapTarget('imap://u:secret@mail.example.org/INBOX')).toThrow(expect.not.objectContaining({ message: expect.stringMatching(/secret/) }));
  });
});

describe('real mail links to the real site', () => {
  it('refuses SMTP with a publicUrl that is not https or is this machine, and lets the file outbox be', () => {
    for (const url of ['http://papers.example.org', 'https://localhost:8080', 'https://127.0.0.1', 'https://[::1]/', 'https://app.localhost']) {
      expect(() => checkPublicUrlForMail('smtp://mail.example.org:587', url)).toThrow(expect.objectContaining({ code: 'PB_CONFIG_KEY', message: expect.stringMatching(/set web\.publicUrl/) }));
    }
    expect(() => checkPublicUrlForMail('smtps://mail.example.org', 'https://papers.example.org')).not.toThrow();
    expect(() => checkPublicUrlForMail('file:./outbox', 'http://localhost:8080')).not.toThrow();
  });
});
