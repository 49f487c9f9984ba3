import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { makeSubscribers, TEST_SECRET } from '../../helpers/app.js';
import { cli, spawnCli, waitForExit } from '../../helpers/cli.js';
import { TestSmtpServer } from '../../helpers/smtp.js';
import { smtpProject } from '../../helpers/project.js';

const SUBSCRIBERS = 16;
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanup.splice(0)) await close();
});

function project(smtpUrl: string): string {
  return smtpProject(smtpUrl, { prefix: 'pb-crash-', subscribers: SUBSCRIBERS, delivery: { maxConnections: 2 } });
}

function states(dir: string): Map<string, string> {
  const db = new Database(join(dir, 'data/paperboy.db'), { readonly: true });
  try {
    const rows = db.prepare('select s.email, e.state from editions e join subscribers s on s.id = e.subscriber_id').all() as { email: string; state: string }[];
    return new Map(rows.map((row) => [row.email, row.state]));
  } finally {
    db.close();
  }
}

describe('a run killed with SIGKILL mid-send', () => {
  it('loses nothing silently and sends nothing twice', async () => {
    // Slow answers keep messages in flight long enough to kill the run among them.
    const server = await new TestSmtpServer({ delayMs: 400 }).start();
    cleanup.push(() => server.stop());
    const dir = project(server.url);
    const env = { PAPERBOY_SECRET: TEST_SECRET };

    const child = spawnCli(['run', '--at', '2026-11-24T12:00:00Z', '--json'], { cwd: dir, env });
    const exited = waitForExit(child);
    const deadline = Date.now() + 60_000;
    while (server.received.length < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill('SIGKILL');
    const first = await exited;
    expect(first.signal, first.stderr).toBe('SIGKILL');
    const receivedBeforeCrash = server.received.length;
    expect(receivedBeforeCrash).toBeGreaterThanOrEqual(3);
    expect(receivedBeforeCrash).toBeLessThan(SUBSCRIBERS);

    const again = await cli(['run', '--at', '2026-11-24T12:00:00Z', '--json'], { cwd: dir, env });
    const report = JSON.parse(again.stdout);
    // Whatever was in flight when the process died is reported, never resent silently.
    expect(report.unknown).toBeGreaterThanOrEqual(1);
    // Two connections, each with one message sending and one waiting behind it.
    expect(report.unknown).toBeLessThanOrEqual(4);
    expect(again.code).toBe(1);

    const counts = server.countsByRecipient();
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    const afterRun = states(dir);
    const missing = makeSubscribers(SUBSCRIBERS).map((s) => s.email).filter((email) => !counts.has(email));
    // Every subscriber without a message is one the store reports as unknown.
    for (const email of missing) expect(afterRun.get(email)).toBe('unknown');
    const unknown = [...afterRun].filter(([, state]) => state === 'unknown').map(([email]) => email);

    const retried = await cli(['deliveries', 'retry', '--unknown', '--json'], { cwd: dir, env });
    expect(retried.code).toBe(0);
    expect(JSON.parse(retried.stdout)).toMatchObject({ requeued: unknown.length, sent: unknown.length });
    const final = server.countsByRecipient();
    expect(final.size).toBe(SUBSCRIBERS);
    // Only a delivery the operator chose to resend can have arrived twice.
    for (const [email, n] of final) if (n > 1) expect(unknown).toContain(email);
    expect([...states(dir).values()].every((state) => state === 'sent')).toBe(true);
  }, 120_000);
});
