// `paperboy run` as a user's shell starts it: a process of its own, sending
// over SMTP. It must end by itself once the mail is out, exit 0 and print its
// report; the SMTP thread must neither keep it alive nor let it end early.
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_SECRET } from '../../helpers/app.js';
import { spawnCli, waitForExit } from '../../helpers/cli.js';
import { TestSmtpServer } from '../../helpers/smtp.js';
import { smtpProject } from '../../helpers/project.js';

const SUBSCRIBERS = 12;
const servers: TestSmtpServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop();
});

describe('paperboy run in a process of its own', () => {
  it('sends every digest, prints its report and exits 0', async () => {
    // Closing the connections takes the server's goodbye: the process must
    // wait for its SMTP thread, not end mid-way with the report unprinted.
    const server = await new TestSmtpServer().start();
    servers.push(server);
    const dir = smtpProject(server.url, { prefix: 'pb-run-process-', subscribers: SUBSCRIBERS, delivery: { maxConnections: 3, rateLimit: 1000 } });

    const result = await waitForExit(spawnCli(['run', '--at', '2026-11-24T12:00:00Z', '--json'], { cwd: dir, env: { PAPERBOY_SECRET: TEST_SECRET, PAPERBOY_LOG_LEVEL: 'warn' } }));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.sent).toBeGreaterThan(0);
    expect(report.sent + report.empty).toBe(SUBSCRIBERS);
    expect(server.received).toHaveLength(report.sent);
  }, 60_000);
});
