import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/store/index.js';
import { TEST_SECRET } from '../../helpers/app.js';
import { cli, spawnCli, waitForExit } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/temp.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

describe('paperboy web', () => {
  it('serves the pages without taking the scheduler lease, while a run uses the same store, and stops on SIGTERM', async () => {
    const dir = tempDir('pb-web-cmd-');
    const port = await freePort();
    writeFileSync(join(dir, 'paperboy.yaml'), stringify({ web: { port, publicUrl: `http://localhost:${port}` }, delivery: { transport: 'file:./outbox' } }));
    const env = { PAPERBOY_SECRET: TEST_SECRET };
    const child = spawnCli(['web'], { cwd: dir, env });
    const exited = waitForExit(child);
    let health: Response | null = null;
    for (let i = 0; i < 200 && health === null; i++) {
      health = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null);
      if (health === null) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(health?.status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/subscribe`)).status).toBe(200);
    // No scheduler lease is held, and a run beside it uses the same store.
    const db = await openDatabase(join(dir, 'data/paperboy.db'));
    expect(await db.selectFrom('leases').selectAll().execute()).toEqual([]);
    await db.destroy();
    const run = await cli(['run', '--json'], { cwd: dir, env });
    expect(run.code).toBe(0);
    child.kill('SIGTERM');
    const { code } = await exited;
    expect(code).toBe(0);
  }, 60_000);
});
