import { mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_SECRET } from '../../helpers/app.js';
import { cli, spawnCli, waitForExit } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/temp.js';

const env = { PAPERBOY_SECRET: TEST_SECRET, PAPERBOY_LOG_LEVEL: 'info' };
const children: ReturnType<typeof spawnCli>[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function project(web: Record<string, unknown>): string {
  const dir = tempDir('pb-host-');
  mkdirSync(join(dir, 'dumps'));
  writeFileSync(join(dir, 'paperboy.yaml'), stringify({ dumps: { dir: './dumps' }, web: { port: 0, ...web } }));
  return dir;
}

/** Starts `paperboy start` and returns the port its web server listens on, read from its log. */
async function start(dir: string): Promise<number> {
  const daemon = spawnCli(['start'], { cwd: dir, env });
  children.push(daemon);
  let log = '';
  daemon.stderr!.on('data', (chunk) => (log += chunk));
  const exited = waitForExit(daemon);
  const port = await new Promise<number>((resolve, reject) => {
    const check = setInterval(() => {
      const line = log.split('\n').find((entry) => entry.includes('"web server listening"'));
      if (line) {
        clearInterval(check);
        resolve(JSON.parse(line).port);
      }
    }, 50);
    void exited.then((result) => {
      clearInterval(check);
      reject(new Error(`paperboy start exited: ${result.stderr}`));
    });
  });
  return port;
}

/** Whether a TCP connection to host:port is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('web.host', () => {
  it('127.0.0.1 listens only there', async () => {
    const local = await start(project({ host: '127.0.0.1' }));
    expect(await accepts('127.0.0.1', local)).toBe(true);
    const health = await fetch(`http://127.0.0.1:${local}/healthz`);
    expect(health.status).toBe(200);
    // Another address of this machine (the whole of 127/8 is loopback on Linux): refused.
    expect(await accepts('127.0.0.2', local)).toBe(false);
  }, 60_000);

  it('refuses a value that is not an IP address, naming the key (exit 2)', async () => {
    const result = await cli(['papers'], { cwd: project({ host: 'every interface' }), env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/web\.host: not an IP address/);
  });
});
