import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { makeSubscribers } from './app.js';
import { copyDumps, sampleDumpFiles, tempDir } from './temp.js';

/**
 * A project folder as a user sets one up: the sample dumps, a seed file of
 * `subscribers` test subscribers and a config that delivers to `smtpUrl`
 * (linking to a public https site, as real mail must).
 */
export function smtpProject(smtpUrl: string, options: { prefix: string; subscribers: number; delivery?: Record<string, unknown> }): string {
  const dir = tempDir(options.prefix);
  mkdirSync(join(dir, 'dumps'));
  copyDumps(sampleDumpFiles(), join(dir, 'dumps'));
  const subscribers = makeSubscribers(options.subscribers).map((s) => ({ email: s.email, timezone: s.timezone, frequency: s.frequency, topics: s.topics.map((t) => `${t.name}: ${t.query}`) }));
  writeFileSync(join(dir, 'subscribers.yaml'), stringify(subscribers));
  writeFileSync(
    join(dir, 'paperboy.yaml'),
    stringify({ dumps: { dir: './dumps' }, store: { url: 'sqlite:./data/paperboy.db' }, delivery: { transport: smtpUrl, ...options.delivery }, web: { publicUrl: 'https://papers.example.org' }, subscribers: './subscribers.yaml' }),
  );
  return dir;
}
