import { afterEach, describe, expect, it } from 'vitest';
import { buildMime } from '../../../src/deliver/mime.js';
import { createMailer, type Mailer } from '../../../src/deliver/smtp-mailer.js';
import type { Message } from '../../../src/types.js';
import { TestSmtpServer } from '../../helpers/smtp.js';

const DATE = new Date('2026-11-24T07:00:00Z');

function message(to: string, n: number): Message {
  return {
    messageId: `<m${n}.daily@example.org>`,
    from: '"Paperboy" <digest@example.org>',
    to,
    subject: `Digest ${n}`,
    headers: {},
    text: `Hello, reader ${n}.\n`,
    html: `<p>Hello, reader ${n}.</p>\n`,
  };
}

describe('the pooled SMTP mailer', () => {
  let server: TestSmtpServer | undefined;
  let mailer: Mailer | undefined;
  afterEach(async () => {
    mailer?.close();
    await server?.stop();
  });

  it('sends the finished bytes as they are, to the envelope of From and To, as nodemailer\'s sendMail did', async () => {
    const recipients: string[] = [];
    server = await new TestSmtpServer({
      onRcpt: (address) => {
        recipients.push(address);
        return null;
      },
    }).start();
    mailer = createMailer({ url: server.url, maxConnections: 2, rateLimit: 1000 });
    const messages = [message('"Jõgeva" <safe@jõgeva.ee>', 1), ...Array.from({ length: 5 }, (_, i) => message(`reader${i}@example.org`, i + 2))];

    const replies = await Promise.all(messages.map((m) => mailer!.send(m, DATE)));

    expect(replies.every((reply) => reply.code === 250)).toBe(true);
    // A Unicode address goes as it is: the server offers SMTPUTF8.
    expect(recipients.sort()).toEqual(['reader0@example.org', 'reader1@example.org', 'reader2@example.org', 'reader3@example.org', 'reader4@example.org', 'safe@jõgeva.ee']);
    // What arrives is what buildMime wrote (the server takes off the dot-stuffing and the final dot).
    const sent = new Map(messages.map((m) => [m.messageId, buildMime(m, DATE).toString('latin1')]));
    expect(server.raw).toHaveLength(messages.length);
    for (const raw of server.raw) {
      const id = /^Message-ID: (.*)$/m.exec(raw.toString('latin1'))![1].trim();
      expect(raw.toString('latin1')).toBe(sent.get(id));
    }
  });

  it('rejects with the server\'s reply when it refuses a recipient, and keeps sending the others', async () => {
    server = await new TestSmtpServer({ onRcpt: (address) => (address.startsWith('gone') ? { code: 550, message: 'No such user' } : null) }).start();
    mailer = createMailer({ url: server.url, maxConnections: 1, rateLimit: 1000 });

    const refused = mailer.send(message('gone@example.org', 1), DATE);
    const accepted = mailer.send(message('here@example.org', 2), DATE);

    await expect(refused).rejects.toMatchObject({ responseCode: 550 });
    await expect(accepted).resolves.toMatchObject({ code: 250 });
  });
});
