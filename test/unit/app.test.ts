import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../src/app.js';
import { resolveConfig } from '../../src/config/index.js';
import { isPaperboyError } from '../../src/errors.js';
import { tempDir } from '../helpers/temp.js';

const SECRET = 'app-test-secret-0123456789abcdef0123';

function configWith(delivery: Record<string, unknown>) {
  const dir = tempDir('pb-app-');
  return resolveConfig(
    { store: { url: `sqlite:${join(dir, 'store.db')}` }, web: { publicUrl: 'http://localhost:8080' }, delivery },
    { source: null, baseDir: dir, env: { PAPERBOY_SECRET: SECRET } },
  );
}

describe('the composition root', () => {
  let app: App | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('makes the transport only when a command asks for it, so a command that sends nothing is not held to the mail settings', async () => {
    // SMTP mail must link to a public https site: this config cannot send, but it can list and preview.
    app = await openApp(configWith({ transport: 'smtp://127.0.0.1:2525' }));
    expect(app.bounceMailbox()).toBeNull();
    let error: unknown;
    try {
      app.transport();
    } catch (thrown) {
      error = thrown;
    }
    expect(isPaperboyError(error) && error.message).toMatch(/web\.publicUrl .* is not https/);
  });

  it('makes one renderer and one transport per app, and closes the transport with it', async () => {
    app = await openApp(configWith({ transport: `file:${tempDir('pb-app-outbox-')}` }));
    const [first, second] = await Promise.all([app.renderer(), app.renderer()]);
    expect(second).toBe(first);
    const transport = app.transport();
    expect(app.transport()).toBe(transport);
    let closed = 0;
    const close = transport.close.bind(transport);
    transport.close = async () => {
      closed++;
      await close();
    };
    await app.close();
    app = undefined;
    expect(closed).toBe(1);
  });
});
