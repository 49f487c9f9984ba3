import { generateKeyPairSync } from 'node:crypto';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { createRendererFor } from '../../../src/app.js';
import { resolveConfig } from '../../../src/config/index.js';
import { createTransport } from '../../../src/deliver/index.js';
import { runOnce } from '../../../src/run/index.js';
import { makeSubscribers, testApp, TEST_SECRET } from '../../helpers/app.js';
import { TestSmtpServer } from '../../helpers/smtp.js';

// mailauth is CommonJS; its DKIM verifier is an independent implementation.
const { dkimVerify } = createRequire(import.meta.url)('mailauth/lib/dkim/verify.js') as {
  dkimVerify(input: Buffer, options: { resolver: (name: string, type: string) => Promise<string[][]> }): Promise<{ results: { status: { result: string; comment: string | false }; signingHeaders: { keys: string } }[] }>;
};

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanup.splice(0)) await close();
});

describe('DKIM', () => {
  it('signs every message, covering both unsubscribe headers, verifiably', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const dns = `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`;

    const server = await new TestSmtpServer().start();
    cleanup.push(() => server.stop());
    const { app, dir } = await testApp({ transport: server.url, subscribers: makeSubscribers(2) });
    cleanup.push(() => app.close());
    // The key comes from the environment, as an operator would pass it.
    const config = resolveConfig(
      { delivery: { transport: server.url, dkim: { domain: 'example.org', selector: 'paperboy' } }, store: { url: 'sqlite:./data/paperboy.db' }, web: { publicUrl: 'https://papers.example.org' } },
      { source: null, baseDir: dir, env: { PAPERBOY_SECRET: TEST_SECRET, PAPERBOY_DKIM_KEY: pem } },
    );
    const transport = createTransport(config);
    const report = await runOnce({ ...app, config }, { at: new Date('2026-11-24T12:00:00Z'), renderer: await createRendererFor(config, app.log), transport });
    await transport.close();
    expect(report.sent).toBe(2);

    for (const raw of server.raw) {
      const result = await dkimVerify(raw, {
        resolver: async (name, type) => {
          expect([name, type]).toEqual(['paperboy._domainkey.example.org', 'TXT']);
          return [[dns]];
        },
      });
      expect(result.results).toHaveLength(1);
      expect(result.results[0].status.result).toBe('pass');
      const signed = result.results[0].signingHeaders.keys.toLowerCase().split(': ');
      expect(signed).toEqual(expect.arrayContaining(['list-unsubscribe', 'list-unsubscribe-post', 'from', 'subject', 'message-id']));
    }
  });
});
