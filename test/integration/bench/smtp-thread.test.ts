// The SMTP pool runs in a thread of its own (issue 9): what crosses back is
// the server's answer or enough of its error to classify it, and closing the
// transport ends the thread without leaving a send hanging.
import { existsSync, readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { classifySendError, SmtpTransport } from '../../../src/deliver/index.js';
import type { Message } from '../../../src/types.js';
import { TestSmtpServer, type TestSmtpOptions } from '../../helpers/smtp.js';
import { until } from '../../helpers/store-probe.js';

const servers: TestSmtpServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop();
});

async function server(options: TestSmtpOptions = {}): Promise<TestSmtpServer> {
  const started = await new TestSmtpServer(options).start();
  servers.push(started);
  return started;
}

function message(to: string): Message {
  return {
    messageId: `<${to}.daily@example.org>`,
    from: 'Paperboy <digest@example.org>',
    to,
    subject: 'Your papers — Tue 24 Nov',
    headers: { 'List-Id': 'Paperboy digests <digest.example.org>' },
    html: '<p>Diffusion · 3 new papers…</p>',
    text: 'Diffusion · 3 new papers…',
    date: '2026-11-24T07:00:00.000Z',
  };
}

describe('SmtpTransport in its own thread', () => {
  it('opens its connections ahead of the messages when asked, no more than maxConnections, and the messages go over them', async () => {
    const smtp = await server();
    const transport = new SmtpTransport({ url: smtp.url, maxConnections: 2, rateLimit: 1000 });
    try {
      transport.connectAhead(5);
      await until('the server to greet the connections opened ahead', () => smtp.sessions.length >= 2);
      expect(smtp.messageSessions).toEqual([]);
      const replies = await Promise.all(['ada', 'bo', 'cy'].map((name) => transport.send(message(`${name}@example.org`), new Date('2026-11-24T07:00:00Z'))));
      expect(replies.map((reply) => reply.code)).toEqual([250, 250, 250]);
      expect(smtp.sessions).toHaveLength(2);
      for (const session of smtp.messageSessions) expect(smtp.sessions).toContain(session);
    } finally {
      await transport.close();
    }
  });

  it('does not hand a message to a connection still being opened ahead, which would connect a second time', async () => {
    const smtp = await server();
    const transport = new SmtpTransport({ url: smtp.url, maxConnections: 2, rateLimit: 1000 });
    try {
      // The messages are queued before the server has greeted either connection.
      transport.connectAhead(2);
      await Promise.all(['ada', 'bo', 'cy', 'di'].map((name) => transport.send(message(`${name}@example.org`), new Date('2026-11-24T07:00:00Z'))));
      expect(smtp.sessions).toHaveLength(2);
      expect(new Set(smtp.messageSessions).size).toBeLessThanOrEqual(2);
    } finally {
      await transport.close();
    }
  });

  it('delivers and reports the reply; a refusal comes back classified as the server meant it', async () => {
    const smtp = await server({ onRcpt: (address) => (address.startsWith('gone') ? { code: 550, message: 'no such user' } : null) });
    const transport = new SmtpTransport({ url: smtp.url, maxConnections: 2, rateLimit: 1000 });
    try {
      const accepted = await transport.send(message('ada@example.org'), new Date('2026-11-24T07:00:00Z'));
      expect(accepted.code).toBe(250);
      const refused = await transport.send(message('gone@example.org'), new Date()).catch((error: unknown) => error);
      expect(classifySendError(refused)).toMatchObject({ kind: 'permanent', code: 550, command: 'RCPT TO' });
    } finally {
      await transport.close();
    }
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0].text?.trim()).toBe('Diffusion · 3 new papers…');
  });

  it('fails a send still in flight when closed, and ends the thread', async () => {
    const smtp = await server({ delayMs: 1_000 });
    const transport = new SmtpTransport({ url: smtp.url, maxConnections: 1, rateLimit: 1000 });
    const sending = transport.send(message('ada@example.org'), new Date()).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await transport.close();
    expect(classifySendError(await sending).kind).toBe('temporary');
    await expect(transport.send(message('bob@example.org'), new Date())).rejects.toThrow(/closed/);
  });

  // Threads of this process, as Linux lists them.
  const threads = () => readdirSync('/proc/self/task').length;

  it.runIf(existsSync('/proc/self/task'))('starts its thread on prepare(), before any send, and ends it on close', async () => {
    const smtp = await server();
    const transport = new SmtpTransport({ url: smtp.url, maxConnections: 1, rateLimit: 1000 });
    const before = threads();
    transport.prepare();
    await expect.poll(threads, { timeout: 10_000 }).toBeGreaterThan(before);
    const accepted = await transport.send(message('ada@example.org'), new Date());
    expect(accepted.code).toBe(250);
    await transport.close();
    await expect.poll(threads, { timeout: 10_000 }).toBeLessThanOrEqual(before);
  });
});
