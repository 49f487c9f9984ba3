import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser, type AddressObject } from 'mailparser';
import { dkimVerify } from 'mailauth/lib/dkim/verify.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { FileTransport, toEml } from '../../../src/deliver/index.js';
import type { Message } from '../../../src/types.js';
import { verifyToken } from '../../../src/link-tokens.js';
import { AT, builtinRenderer, dailyDigest, hostileDigest, HOSTILE_TITLE, SECRET } from './fixtures.js';

let daily: Message;
let hostile: Message;

beforeAll(async () => {
  const renderer = await builtinRenderer();
  daily = renderer.render(dailyDigest());
  hostile = renderer.render(hostileDigest());
});

function addresses(field: AddressObject | AddressObject[] | undefined) {
  return (Array.isArray(field) ? field : field ? [field] : []).flatMap((group) => group.value);
}

describe('toEml', () => {
  it('builds multipart/alternative with a text part, then the HTML part, in UTF-8', async () => {
    const raw = (await toEml(daily)).toString('utf8');
    expect(raw).toMatch(/^Content-Type: multipart\/alternative;/m);
    const text = raw.search(/^Content-Type: text\/plain; charset=utf-8/m);
    const html = raw.search(/^Content-Type: text\/html; charset=utf-8/m);
    expect(text).toBeGreaterThan(0);
    expect(html).toBeGreaterThan(text);

    const mail = await simpleParser(raw);
    expect(mail.text?.length).toBeGreaterThan(1000);
    expect(mail.html ? mail.html.length : 0).toBeGreaterThan(5000);
    expect(mail.text).toContain('How much is a noisy image worth?');
    expect(mail.text).not.toMatch(/<[a-z][^>]*>/i);
    expect(mail.html).toContain('<strong>Diffusion</strong>');
  });

  it('carries every header: From, To with the name, Subject, Message-ID, Date and the List-* headers', async () => {
    const mail = await simpleParser(await toEml(daily));
    expect(addresses(mail.from)).toEqual([{ name: 'Paperboy', address: 'digest@example.org' }]);
    expect(addresses(mail.to)).toEqual([{ name: 'Ada', address: 'ada@example.org' }]);
    expect(mail.subject).toBe('5 new papers: Diffusion, OOD — Tue 24 Nov');
    expect(mail.messageId).toBe(daily.messageId);
    expect(mail.messageId).toMatch(/^<[0-9a-f]{32}\.daily@example\.org>$/);
    expect(mail.date?.toISOString()).toBe(AT);
    const line = (key: string) => mail.headerLines.find((header) => header.key === key)?.line.replace(/\r?\n\s+/g, ' ');
    expect(line('list-id')).toBe('List-Id: Paperboy digests <digest.example.org>');
    expect(line('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(line('list-unsubscribe')).toMatch(/^List-Unsubscribe: <https:\/\/[^>]+>, <mailto:[^>]+>$/);
    const list = mail.headers.get('list') as { unsubscribe: { url: string; mail: string } };
    const unsubscribe = list.unsubscribe;
    const https = new URL(unsubscribe.url);
    expect(https.origin + https.pathname).toBe('https://papers.example.org/unsubscribe');
    expect(verifyToken(SECRET, https.searchParams.get('token') ?? '', 'unsubscribe', new Date(AT)).subscriberId).toBe(42);
    expect(unsubscribe.mail).toMatch(/^unsubscribe@example\.org\?subject=unsubscribe%20[A-Za-z0-9_.-]+$/);
  });

  it('lets no dump or subscriber text start a header of its own', async () => {
    const raw = (await toEml(hostile)).toString('utf8');
    const head = raw.slice(0, raw.indexOf('\r\n\r\n'));
    expect(head).not.toMatch(/^Bcc:/im);
    const mail = await simpleParser(raw);
    expect(mail.bcc).toBeUndefined();
    expect(mail.headers.has('bcc')).toBe(false);
    expect(mail.subject).toBe(`New paper: ${HOSTILE_TITLE.replace(/\s+/g, ' ')}`);
    expect(addresses(mail.to)).toEqual([{ name: 'Eve Bcc: everyone@example.com "quoted" <x>', address: 'ada@example.org' }]);
  });

  it('encodes a non-ASCII name and subject so they read back intact', async () => {
    const renderer = await builtinRenderer();
    const digest = dailyDigest();
    const message = renderer.render({ ...digest, subscriber: { ...digest.subscriber, name: 'Zoë Ångström-Łukasiewicz' }, sections: [{ ...digest.sections[0], topic: 'Diffusion — 拡散' }] });
    const mail = await simpleParser(await toEml(message));
    expect(addresses(mail.to)).toEqual([{ name: 'Zoë Ångström-Łukasiewicz', address: 'ada@example.org' }]);
    expect(mail.subject).toBe('3 new papers: Diffusion — 拡散 — Tue 24 Nov');
  });

  it('is byte for byte what the file outbox writes for the same instant', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'paperboy-eml-'));
    try {
      await new FileTransport({ dir }).send(daily, new Date(AT));
      const [file] = await readdir(dir);
      expect(await readFile(join(dir, file))).toEqual(await toEml(daily));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('takes the Date from the option when given', async () => {
    const mail = await simpleParser(await toEml(daily, { date: new Date('2027-01-02T03:04:05Z') }));
    expect(mail.date?.toISOString()).toBe('2027-01-02T03:04:05.000Z');
  });

  it('signs with DKIM, covering List-Unsubscribe and List-Unsubscribe-Post', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const raw = await toEml(daily, {
      dkim: { domainName: 'example.org', keySelector: 'paperboy', privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() },
    });
    const record = `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`;
    const result = await dkimVerify(raw, {
      resolver: async (name: string, type: string) => {
        if (name === 'paperboy._domainkey.example.org' && type === 'TXT') return [[record]];
        throw Object.assign(new Error(`no ${type} record for ${name}`), { code: 'ENOTFOUND' });
      },
    });
    expect(result.results[0].status.result).toBe('pass');
    const signed = String(raw).match(/^DKIM-Signature:[\s\S]*?\bh=([^;]+);/m)?.[1].replace(/\s+/g, '').toLowerCase().split(':');
    expect(signed).toEqual(expect.arrayContaining(['list-unsubscribe', 'list-unsubscribe-post', 'from', 'subject', 'message-id']));
  });
});
