// The default templates must not look like spam: every kind of message, as
// the eml a transport sends, scores below 1.0 with SpamAssassin's local
// rules. CI installs spamassassin; locally: apt-get install -y spamassassin.

import { spawn, spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildConfirmation } from '../../../src/digest/index.js';
import { toEml } from '../../../src/deliver/index.js';
import type { Renderer } from '../../../src/render/index.js';
import type { Digest } from '../../../src/types.js';
import { ADA, AT, builtinRenderer, dailyDigest, worstCaseDigest } from '../../unit/render/fixtures.js';

let renderer: Renderer;

beforeAll(async () => {
  const probe = spawnSync('spamassassin', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error('spamassassin is not installed (or does not run): apt-get install -y spamassassin — this test must not be skipped');
  }
  renderer = await builtinRenderer();
});

interface Verdict {
  score: number;
  rules: string;
}

/** Runs `spamassassin -L -t` (local rules only, with a report) over one message. */
function spamassassin(eml: Buffer): Promise<Verdict> {
  return new Promise((resolve, reject) => {
    // No auto-learning: a test run must not train the Bayes database of whoever runs it.
    const child = spawn('spamassassin', ['-L', '-t', '--cf=bayes_auto_learn 0'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('error', reject);
    child.on('close', () => {
      const score = /^X-Spam-Status: \w+, score=(-?\d+(?:\.\d+)?)/m.exec(out);
      if (!score) return reject(new Error(`spamassassin printed no X-Spam-Status header:\n${err || out.slice(0, 2000)}`));
      const report = /Content analysis details:[\s\S]*?-{4} -{10,}[^\n]*\n([\s\S]*?)(?:\n\s*\n|$)/.exec(out);
      resolve({ score: Number(score[1]), rules: report?.[1].trimEnd() ?? '(no report)' });
    });
    child.stdin.end(eml);
  });
}

const edition = (kind: Digest['kind'], period: string): Digest => ({ ...dailyDigest(), kind, period, key: `${kind}:${period}` });

const CASES: [string, () => Digest][] = [
  ['daily digest', dailyDigest],
  ['weekly summary', () => edition('weekly', '2026-W48')],
  ['alert', () => edition('instant', '0c769479ae1c3d29')],
  ['20-paper worst case', worstCaseDigest],
  [
    'confirmation',
    () => buildConfirmation({ subscriber: ADA, topics: [{ name: 'Diffusion', query: '"diffusion model" -audio' }], frequency: 'daily', now: new Date(AT) }),
  ],
];

describe('SpamAssassin', () => {
  it.each(CASES)('scores the %s below 1.0', async (name, digest) => {
    const verdict = await spamassassin(await toEml(renderer.render(digest())));
    console.log(`SpamAssassin, ${name}: score ${verdict.score}\n${verdict.rules}`);
    expect(verdict.score).toBeLessThan(1.0);
  });
});
