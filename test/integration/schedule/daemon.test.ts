import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { stringify } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_SECRET } from '../../helpers/app.js';
import { spawnCli, waitForExit } from '../../helpers/cli.js';
import { copyDumps, FIXTURES, tempDir } from '../../helpers/temp.js';

const children: ReturnType<typeof spawnCli>[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 40_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function outbox(dir: string): string[] {
  try {
    return readdirSync(join(dir, 'outbox')).filter((name) => name.endsWith('.eml'));
  } catch {
    return [];
  }
}

describe('paperboy start', () => {
  it('sends the due digest by itself, an instant alert for a dropped dump, refuses a second daemon, and stops on SIGTERM', async () => {
    const dir = tempDir('pb-daemon-');
    mkdirSync(join(dir, 'dumps'));
    copyDumps([join(FIXTURES, 'dumps/good-a.txt')], join(dir, 'dumps'));
    writeFileSync(
      join(dir, 'subscribers.yaml'),
      stringify([
        { email: 'daily@example.org', timezone: 'UTC', frequency: 'daily', topics: ['dataset OR data OR learning'] },
        { email: 'instant@example.org', timezone: 'UTC', frequency: 'instant', topics: ['"reinforcement learning" OR policy OR diffusion OR model'] },
      ]),
    );
    writeFileSync(
      join(dir, 'paperboy.yaml'),
      stringify({ dumps: { dir: './dumps', poll: '*/1 * * * * *' }, web: { port: 0 }, subscribers: './subscribers.yaml' }),
    );
    const env = { PAPERBOY_SECRET: TEST_SECRET, PAPERBOY_LOG_LEVEL: 'info' };

    const daemon = spawnCli(['start', '--due-cron', '*/2 * * * * *'], { cwd: dir, env });
    children.push(daemon);
    const exited = waitForExit(daemon);
    let log = '';
    daemon.stderr!.on('data', (chunk) => (log += chunk));

    // The daily subscriber is new: their first digest is due at once.
    await until('the ready line', () => /paperboy is running/.test(log));
    const recipients = async () => {
      const mails = await Promise.all(outbox(dir).map((name) => simpleParser(readFileSync(join(dir, 'outbox', name)))));
      return mails.map((mail) => (mail.to && 'text' in mail.to ? mail.to.text : ''));
    };
    await until('the daily digest', () => outbox(dir).length >= 1);
    const atStart = await recipients();
    expect(atStart.filter((to) => /daily@example\.org/.test(to))).toHaveLength(1);
    // The dump ingested at start-up brought matching papers: one alert already.
    await until('the first alert', () => outbox(dir).length >= 2);
    const alertsAtStart = (await recipients()).filter((to) => /instant@example\.org/.test(to)).length;
    expect(alertsAtStart).toBe(1);

    const second = spawnCli(['start'], { cwd: dir, env });
    const refused = await waitForExit(second);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/another scheduler runs on this store: pid \d+ on \S+, since/);

    // A dump dropped into the running daemon's folder brings an alert.
    const before = outbox(dir).length;
    copyDumps([join(FIXTURES, 'dumps/good-b.txt')], join(dir, 'dumps'));
    await until('the instant alert', () => outbox(dir).length > before);
    await new Promise((resolve) => setTimeout(resolve, 3_000)); // a few more due checks
    const after = await recipients();
    expect(after.filter((to) => /instant@example\.org/.test(to))).toHaveLength(alertsAtStart + 1);
    // The due check every 2 s did not send the daily digest again.
    expect(after.filter((to) => /daily@example\.org/.test(to))).toHaveLength(1);

    daemon.kill('SIGTERM');
    const stopped = await exited;
    expect(stopped.code).toBe(0);
    expect(log).toMatch(/stopped/);
  }, 90_000);
});
