import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { simpleParser } from 'mailparser';
import { stringify } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_SECRET } from '../../helpers/app.js';
import { runSummary } from '../../../src/cli/run.js';
import type { RunReport } from '../../../src/run/index.js';
import { cli } from '../../helpers/cli.js';
import { copyDumps, sampleDumpFiles, tempDir } from '../../helpers/temp.js';

const env = { PAPERBOY_SECRET: TEST_SECRET };
let dir: string;

beforeAll(async () => {
  dir = tempDir('pb-commands-');
  mkdirSync(join(dir, 'dumps'));
  copyDumps(sampleDumpFiles(), join(dir, 'dumps'));
  writeFileSync(
    join(dir, 'subscribers.yaml'),
    stringify([
      { email: 'ada@example.org', name: 'Ada', timezone: 'Europe/London', frequency: 'daily', topics: ['Diffusion: "diffusion model" -audio', 'title:"speculative decoding"'] },
      { email: 'alan@example.org', timezone: 'Asia/Kolkata', frequency: 'weekly', topics: ['LLMs: "large language model" OR LLM'] },
    ]),
  );
  writeFileSync(join(dir, 'paperboy.yaml'), stringify({ dumps: { dir: './dumps' }, subscribers: './subscribers.yaml' }));
  expect((await cli(['ingest'], { cwd: dir, env })).code).toBe(0);
});

describe('paperboy match', () => {
  it('ranks the stored papers a query matches, with highlights and a why line', async () => {
    const result = await cli(['match', '"diffusion model" -audio', '--json', '--limit', '5'], { cwd: dir, env });
    expect(result.code).toBe(0);
    const matches = JSON.parse(result.stdout);
    expect(matches).toHaveLength(5);
    expect(Object.keys(matches[0])).toEqual(['id', 'title', 'abstract', 'score', 'highlights', 'why']);
    for (const match of matches) {
      expect(`${match.title} ${match.abstract}`).toMatch(/diffusion models?/i);
      expect(`${match.title} ${match.abstract}`).not.toMatch(/\baudio\b/i);
      const [first] = match.highlights;
      const text = first.field === 'title' ? match.title : match.abstract;
      expect(text.slice(first.start, first.end).toLowerCase()).toMatch(/^diffusion models?$/);
    }
    // Title hits first.
    expect(matches[0].highlights.some((h: { field: string }) => h.field === 'title')).toBe(true);
    expect(matches[0].why).toMatch(/^matched topic "diffusion model" -audio in the title/);
    expect(matches.map((m: { score: number }) => m.score)).toEqual([...matches.map((m: { score: number }) => m.score)].sort((a, b) => b - a));
  });

  it('marks the matched words in the readable list', async () => {
    const result = await cli(['match', 'title:"speculative decoding"'], { cwd: dir, env });
    expect(result.stdout).toMatch(/^1\. .*\*\*Speculative Decoding\*\*/im);
  });

  it('refuses a broken query with exit 2 and a caret under the column', async () => {
    const result = await cli(['match', 'diffusion (model OR'], { cwd: dir, env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/column \d+:/);
    expect(result.stderr).toMatch(/\n\s*diffusion \(model OR\n\s*\^/);
  });
});

describe('paperboy preview', () => {
  it('renders the complete MIME message without sending or recording anything', async () => {
    const result = await cli(['preview', 'ada@example.org', '--format', 'eml', '--at', '2026-11-24T12:00:00Z', '--out', 'ada.eml'], { cwd: dir, env });
    expect(result.code).toBe(0);
    const mail = await simpleParser(readFileSync(join(dir, 'ada.eml')));
    expect(mail.subject).toMatch(/^\d+ new papers?: .*Diffusion.* — Tue 24 Nov$/);
    expect(mail.text).toMatch(/Diffusion/);
    expect(mail.html).toMatch(/<strong>[^<]*[Dd]iffusion [Mm]odels?<\/strong>/);
    expect(readFileSync(join(dir, 'ada.eml'), 'utf8')).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    const deliveries = await cli(['deliveries', '--json'], { cwd: dir, env });
    expect(JSON.parse(deliveries.stdout)).toEqual([]);
  });

  it('prints the text part to stdout', async () => {
    const result = await cli(['preview', 'alan@example.org', '--format', 'text'], { cwd: dir, env });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/LLMs/);
    expect(result.stdout).not.toMatch(/<[a-z]+[ >]/i);
  });

  it('says who is unknown', async () => {
    const result = await cli(['preview', 'nobody@example.org'], { cwd: dir, env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/nobody@example\.org: no such subscriber/);
  });
});

describe('paperboy due, run, deliveries and status', () => {
  it('lists what is due, delivers it once, and reports it', async () => {
    const due = await cli(['due', '--at', '2026-11-30T09:00:00Z', '--json'], { cwd: dir, env });
    expect(JSON.parse(due.stdout)).toEqual([
      { email: 'ada@example.org', kind: 'daily', period: '2026-11-30' },
      { email: 'alan@example.org', kind: 'weekly', period: '2026-W49' },
    ]);

    const dry = await cli(['run', '--at', '2026-11-30T09:00:00Z', '--dry-run', '--json'], { cwd: dir, env });
    expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, due: 2, built: 2, sent: 0 });
    expect(JSON.parse((await cli(['deliveries', '--json'], { cwd: dir, env })).stdout)).toEqual([]);

    const run = await cli(['run', '--at', '2026-11-30T09:00:00Z', '--json'], { cwd: dir, env });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ due: 2, sent: 2, retry: 0, unknown: 0 });
    const again = await cli(['run', '--at', '2026-11-30T09:00:00Z', '--json'], { cwd: dir, env });
    expect(JSON.parse(again.stdout)).toMatchObject({ due: 0, sent: 0 });

    const deliveries = JSON.parse((await cli(['deliveries', '--state', 'sent', '--json'], { cwd: dir, env })).stdout);
    expect(deliveries.map((d: { email: string; kind: string; period: string; state: string; attempts: number }) => [d.email, d.kind, d.period, d.state, d.attempts])).toEqual([
      ['ada@example.org', 'daily', '2026-11-30', 'sent', 1],
      ['alan@example.org', 'weekly', '2026-W49', 'sent', 1],
    ]);

    const status = JSON.parse((await cli(['status', '--json', ], { cwd: dir, env })).stdout);
    expect(status).toMatchObject({ scheduler: null, runners: [], lastRun: { due: 0, sent: 0 }, deliveries: { sent: 2 } });
    expect(status.lastIngest.papers).toBeGreaterThan(0);
    expect(status.nextDue).toMatchObject({ kind: expect.stringMatching(/daily|weekly/) });

    const badState = await cli(['deliveries', '--state', 'lost'], { cwd: dir, env });
    expect(badState.code).toBe(2);
    expect(badState.stderr).toMatch(/--state lost: expected one of empty, planned, sending, sent, retry, failed, unknown/);
  });
});

describe('paperboy match with acronyms', () => {
  it('says which expansions the papers taught, and matches them', async () => {
    const result = await cli(['match', 'LLM', '--limit', '50'], { cwd: dir, env });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Also searched, as the papers spell it out: LLM = large language model');
    expect(result.stdout).toMatch(/\*\*[Ll]arge [Ll]anguage [Mm]odels?\*\*/);
  });
});

describe('paperboy subscribers like', () => {
  it('records liked papers by title, trains the model, and names what it cannot find (exit 1)', async () => {
    const papers = JSON.parse((await cli(['papers', '--json'], { cwd: dir, env })).stdout) as { title: string }[];
    const title = papers[0].title;
    const result = await cli(['subscribers', 'like', 'ada@example.org', title, 'No such paper anywhere at all', '--json'], { cwd: dir, env });
    expect(result.code).toBe(1);
    const out = JSON.parse(result.stdout);
    expect(out.liked.map((paper: { title: string }) => paper.title)).toEqual([title]);
    expect(out.notFound).toEqual([{ reference: 'No such paper anywhere at all', error: expect.stringContaining('no stored paper has this title') }]);
    const unknown = await cli(['subscribers', 'like', 'nobody@example.org', title], { cwd: dir, env });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('nobody@example.org: no such subscriber');
  });
});

describe('paperboy run on a dump copied in a moment before', () => {
  it('waits for it to settle and sends its papers in the same run', async () => {
    const fresh = tempDir('pb-fresh-dump-');
    mkdirSync(join(fresh, 'dumps'));
    writeFileSync(join(fresh, 'subscribers.yaml'), stringify([{ email: 'ada@example.org', timezone: 'UTC', frequency: 'daily', topics: ['diffusion'] }]));
    writeFileSync(join(fresh, 'paperboy.yaml'), stringify({ dumps: { dir: './dumps' }, subscribers: './subscribers.yaml', delivery: { transport: 'file:./outbox' } }));
    // As `cp dump dumps/ && paperboy run` does: the file is milliseconds old when the run looks.
    const dump = sampleDumpFiles()[0];
    cpSync(dump, join(fresh, 'dumps', basename(dump)));
    const run = await cli(['run', '--at', '2026-11-30T09:00:00Z', '--json'], { cwd: fresh, env });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ ingest: { dumps: 1, waiting: [] }, due: 1, sent: 1, empty: 0 });
  });

  it('names a dump that was still changing, for the next run', () => {
    const report: RunReport = { dryRun: false, runner: null, planOnly: false, at: '2026-11-30T09:00:00.000Z', ingest: { dumps: 0, papers: 0, new: 0, errors: [], waiting: ['dumps/004.txt'] }, due: 0, alerts: 0, others: 0, tookOver: 0, built: 0, sent: 0, empty: 0, retry: 0, failed: 0, unknown: 0, resent: 0, invalid: [], learned: 0, transportError: null, stages: { ingest: 0, learn: 0, match: 0, render: 0, deliver: 0, total: 0 } };
    expect(runSummary(report)).toContain('  – dumps/004.txt: still being written; the next run or ingest takes it');
  });
});
