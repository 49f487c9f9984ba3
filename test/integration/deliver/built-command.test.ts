// The installed command (bin/paperboy.js, from dist/) starts `paperboy run`'s
// SMTP thread before it loads the program, and the run adopts it
// (src/deliver/smtp-thread-early.ts); a run to a file outbox ends it unused.
// nodemailer is loaded by the thread that builds the MIME (src/deliver/eml.ts).
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunReport } from '../../../src/run/index.js';
import { TEST_SECRET } from '../../helpers/app.js';
import { waitForExit } from '../../helpers/cli.js';
import { smtpProject } from '../../helpers/project.js';
import { TestSmtpServer } from '../../helpers/smtp.js';
import { ROOT } from '../../helpers/temp.js';

const AT = '2026-11-24T12:00:00Z';
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});

/** `node bin/paperboy.js …` in `dir`, as a user's shell starts it. */
async function installed(dir: string, args: string[], nodeOptions: string[] = []) {
  const child = spawn(process.execPath, [...nodeOptions, join(ROOT, 'bin/paperboy.js'), ...args], { cwd: dir, env: { ...process.env, PAPERBOY_SECRET: TEST_SECRET, PAPERBOY_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const result = await waitForExit(child);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as RunReport;
}

describe('the installed command', () => {
  it('sends each due reader one digest over the SMTP thread it started before loading the program', async () => {
    const server = await new TestSmtpServer().start();
    cleanup.push(() => server.stop());
    const dir = smtpProject(server.url, { prefix: 'pb-built-', subscribers: 12, delivery: { maxConnections: 2 } });

    const report = await installed(dir, ['-c', join(dir, 'paperboy.yaml'), 'run', '--at', AT, '--json']);

    expect(report.due).toBe(12);
    expect(report.sent).toBeGreaterThan(0);
    expect(report.sent + report.empty).toBe(12);
    const counts = server.countsByRecipient();
    expect(counts.size).toBe(report.sent);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(server.sessions.length).toBeLessThanOrEqual(2);
  });

  it('leaves nodemailer to the SMTP thread: the main thread of a run that sends over SMTP loads neither it nor the TLS it loads', async () => {
    const server = await new TestSmtpServer().start();
    cleanup.push(() => server.stop());
    const dir = smtpProject(server.url, { prefix: 'pb-built-lazy-', subscribers: 4 });
    // Written by the main thread as it exits: the built-in modules it loaded.
    const preload = join(dir, 'loaded.mjs');
    writeFileSync(preload, `import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(${JSON.stringify(join(dir, 'loaded.txt'))}, process.moduleLoadList.join('\\n')));\n`);

    const report = await installed(dir, ['-c', join(dir, 'paperboy.yaml'), 'run', '--at', AT, '--json'], ['--import', pathToFileURL(preload).href]);

    expect(report.sent).toBeGreaterThan(0);
    const loaded = readFileSync(join(dir, 'loaded.txt'), 'utf8').split('\n');
    expect(loaded).toContain('NativeModule worker_threads');
    expect(loaded).not.toContain('NativeModule tls');
  });

  it('runs to a file outbox and exits, the SMTP thread started early left unused', async () => {
    const dir = smtpProject('file:./outbox', { prefix: 'pb-built-file-', subscribers: 4 });
    writeFileSync(join(dir, 'paperboy.yaml'), `dumps: { dir: ./dumps }\nstore: { url: "sqlite:./data/paperboy.db" }\ndelivery: { transport: "file:./outbox" }\nsubscribers: ./subscribers.yaml\n`);

    const report = await installed(dir, ['run', '--at', AT, '--json']);

    expect(report.sent).toBeGreaterThan(0);
    expect(readdirSync(join(dir, 'outbox')).filter((name) => name.endsWith('.eml'))).toHaveLength(report.sent);
  });
});
