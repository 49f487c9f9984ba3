import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cli } from '../../helpers/cli.js';
import { copyDumps, FIXTURES, sampleDumpFiles, tempDir } from '../../helpers/temp.js';

function project(config = 'dumps:\n  dir: ./dumps\n'): string {
  const dir = tempDir('pb-cli-');
  mkdirSync(join(dir, 'dumps'));
  writeFileSync(join(dir, 'paperboy.yaml'), config);
  return dir;
}

describe('paperboy init', () => {
  it('writes a starter config, subscriber file and dumps folder that the other commands accept', async () => {
    const dir = tempDir('pb-init-');
    const result = await cli(['init', 'site'], { cwd: dir });
    expect(result.code).toBe(0);
    // The command it suggests runs as it is printed, quotes aside.
    expect(result.stdout).toContain('Next: put dump files in site/dumps/, then run "cd site && paperboy ingest".');
    expect(existsSync(join(dir, 'site/paperboy.yaml'))).toBe(true);
    expect(existsSync(join(dir, 'site/dumps'))).toBe(true);
    const list = await cli(['subscribers', 'list', '--json', '--config', 'site/paperboy.yaml'], { cwd: dir });
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([
      expect.objectContaining({ email: 'ada@example.org', frequency: 'daily', status: 'active', topics: expect.arrayContaining([{ name: 'Diffusion', query: '"diffusion model" -audio' }]) }),
    ]);
  });

  it('suggests a command that runs as printed for a folder whose name needs quoting', async () => {
    const dir = tempDir('pb-init-');
    const result = await cli(['init', "Ada's digest"], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`then run "cd 'Ada'\\''s digest' && paperboy ingest".`);
    const hint = /then run "(.*)"\.$/m.exec(result.stdout)![1];
    const ran = spawnSync('sh', ['-c', hint.replace('paperboy ingest', 'pwd')], { cwd: dir, encoding: 'utf8' });
    expect(ran.stdout.trim()).toBe(join(realpathSync(dir), "Ada's digest"));
  });

  it('refuses to overwrite, says which file, and writes nothing', async () => {
    const dir = tempDir('pb-init-');
    writeFileSync(join(dir, 'subscribers.yaml'), '# mine\n');
    const result = await cli(['init'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/subscribers\.yaml already exists; nothing was written/);
    expect(existsSync(join(dir, 'paperboy.yaml'))).toBe(false);
    expect(readFileSync(join(dir, 'subscribers.yaml'), 'utf8')).toBe('# mine\n');
  });
});

describe('paperboy ingest', () => {
  it('prints the documented JSON, reports "new":0 the second time, and exits 1 when a dump is broken', async () => {
    const dir = project();
    copyDumps([...sampleDumpFiles().slice(0, 2), join(FIXTURES, 'dumps/broken.txt')], join(dir, 'dumps'));
    const first = await cli(['ingest', '--json'], { cwd: dir });
    expect(first.code).toBe(1);
    const report = JSON.parse(first.stdout);
    expect(Object.keys(report)).toEqual(['dumps', 'papers', 'new']);
    expect(Object.keys(report.dumps[0])).toEqual(['path', 'format', 'papers', 'new', 'skipped', 'error', 'cuts']);
    expect(report.dumps.map((d: { path: string }) => d.path)).toEqual(['dumps/000_0c769479ae1c3d29.txt', 'dumps/001_dd7c9abcc611879b.txt', 'dumps/broken.txt']);
    expect(report.dumps[2]).toMatchObject({ format: null, papers: 0, new: 0, skipped: null, error: expect.stringMatching(/broken\.txt line 15: title without an abstract/) });
    expect(report.new).toBe(report.dumps[0].new + report.dumps[1].new);

    const second = await cli(['ingest', '--json'], { cwd: dir });
    expect(JSON.parse(second.stdout).new).toBe(0);
    const text = await cli(['ingest'], { cwd: dir });
    expect(text.stdout).toMatch(/000_0c769479ae1c3d29\.txt: skipped, already ingested/);
    expect(text.stdout).toMatch(/✗ dumps\/broken\.txt line 15/);
  });

  it('ingests files named on the command line', async () => {
    const dir = project();
    const result = await cli(['ingest', join(FIXTURES, 'dumps/papers.jsonl'), '--json'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).dumps[0].format).toBe('jsonl');
    // The new papers are indexed for the next run, which then starts matching at once.
    const db = new SQLite(join(dir, 'data/paperboy.db'), { readonly: true });
    try {
      expect(db.prepare('select count(*) as n from match_indexes').get()).toEqual({ n: 1 });
    } finally {
      db.close();
    }
  });
});

describe('paperboy papers', () => {
  it('lists stored papers as JSON with nulls for absent values', async () => {
    const dir = project();
    copyDumps([join(FIXTURES, 'dumps/good-b.txt')], join(dir, 'dumps'));
    await cli(['ingest'], { cwd: dir });
    const result = await cli(['papers', '--json'], { cwd: dir });
    const papers = JSON.parse(result.stdout);
    expect(papers.length).toBeGreaterThan(0);
    expect(Object.keys(papers[0])).toEqual(['id', 'title', 'abstract', 'authors', 'authorsCount', 'publishedAt', 'upvotes', 'url', 'arxivId', 'firstSeenAt']);
    expect(papers[0]).toMatchObject({ url: null, authors: [], arxivId: null });
    const future = await cli(['papers', '--json', '--since', '2999-01-01'], { cwd: dir });
    expect(JSON.parse(future.stdout)).toEqual([]);
    const bad = await cli(['papers', '--since', 'yesterday'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--since yesterday: not an instant/);
  });
});

describe('paperboy subscribers', () => {
  it('adds, lists, imports and removes; a file with one bad entry imports nothing', async () => {
    const dir = project();
    const add = await cli(['subscribers', 'add', 'Grace@Example.org', '--topic', 'OOD: "out-of-distribution" OR OOD', '--timezone', 'America/New_York', '--frequency', 'weekly'], { cwd: dir });
    expect(add.code).toBe(0);
    // One subscriber from arguments: the field is named, not an entry of a file.
    const wrong = await cli(['subscribers', 'add', 'not an address', '--topic', 'x'], { cwd: dir });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/^error: email: not a valid email address$/m);
    expect(wrong.stderr).not.toMatch(/entry 1|imported/);
    writeFileSync(
      join(dir, 'bad.yaml'),
      ['- email: alan@example.org', '  topics: ["LLM"]', '- email: not-an-address', '  topics: ["x"]', '- email: kat@example.org', '  timezone: Mars/Olympus', '  topics: ["x"]', '- email: lin@example.org', '  topics: ["(unbalanced"]'].join('\n'),
    );
    const bad = await cli(['subscribers', 'import', 'bad.yaml'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.yaml line 3 \(entry 2, not-an-address\): email: not a valid email address/);
    expect(bad.stderr).toMatch(/bad\.yaml line 5 \(entry 3, kat@example\.org\): timezone: unknown time zone/);
    expect(bad.stderr).toMatch(/bad\.yaml line 8 \(entry 4, lin@example\.org\): topics\[0\]: column \d+/);
    expect(bad.stderr).toMatch(/Nothing was imported/);

    writeFileSync(join(dir, 'good.csv'), 'email,name,timezone,frequency,topics\nalan@example.org,Alan,Asia/Kolkata,daily,"LLMs: ""large language model"" OR LLM; title:agent*"\n');
    const good = await cli(['subscribers', 'import', 'good.csv'], { cwd: dir });
    expect(good.stdout).toMatch(/1 added/);

    const list = JSON.parse((await cli(['subscribers', 'list', '--json'], { cwd: dir })).stdout);
    expect(list).toEqual([
      { email: 'grace@example.org', name: null, timezone: 'America/New_York', frequency: 'weekly', status: 'active', suppression: null, topics: [{ name: 'OOD', query: '"out-of-distribution" OR OOD' }] },
      { email: 'alan@example.org', name: 'Alan', timezone: 'Asia/Kolkata', frequency: 'daily', status: 'active', suppression: null, topics: [{ name: 'LLMs', query: '"large language model" OR LLM' }, { name: 'title:agent*', query: 'title:agent*' }] },
    ]);

    expect((await cli(['subscribers', 'remove', 'grace@example.org'], { cwd: dir })).code).toBe(0);
    const missing = await cli(['subscribers', 'remove', 'grace@example.org'], { cwd: dir });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no such subscriber/);
  });

  it('merges the seed file when it changes, keeping an unsubscribed reader unsubscribed', async () => {
    const dir = project('subscribers: ./seed.yaml\n');
    writeFileSync(join(dir, 'seed.yaml'), '- email: ada@example.org\n  topics: ["diffusion"]\n');
    await cli(['subscribers', 'list'], { cwd: dir });
    const { openDatabase, findSubscriberByEmail, setSubscriberStatus } = await import('../../../src/store/index.js');
    const db = await openDatabase(join(dir, 'data/paperboy.db'));
    const ada = await findSubscriberByEmail(db, 'ada@example.org');
    await setSubscriberStatus(db, ada!.id, 'unsubscribed', new Date());
    await db.destroy();
    writeFileSync(join(dir, 'seed.yaml'), '- email: ada@example.org\n  topics: ["diffusion", "title:LLM"]\n');
    const list = JSON.parse((await cli(['subscribers', 'list', '--json'], { cwd: dir })).stdout);
    expect(list).toEqual([expect.objectContaining({ email: 'ada@example.org', status: 'unsubscribed', topics: [{ name: 'diffusion', query: 'diffusion' }, { name: 'title:LLM', query: 'title:LLM' }] })]);
  });
  it('keeps what a subscriber changed on the web until the operator edits their entry', async () => {
    const dir = project('subscribers: ./seed.yaml\n');
    const seed = (adaTopics: string) => `- email: ada@example.org\n  topics: [${adaTopics}]\n- email: bob@example.org\n  topics: ["LLM"]\n`;
    writeFileSync(join(dir, 'seed.yaml'), seed('"diffusion"'));
    await cli(['subscribers', 'list'], { cwd: dir });
    const { openDatabase, findSubscriberByEmail, replaceTopics } = await import('../../../src/store/index.js');
    const db = await openDatabase(join(dir, 'data/paperboy.db'));
    const ada = await findSubscriberByEmail(db, 'ada@example.org');
    // What the preferences page does when Ada edits her topics.
    await replaceTopics(db, ada!.id, [{ name: 'robots', query: 'robot*' }]);
    await db.destroy();
    const topicsOf = async (email: string) => {
      const list = JSON.parse((await cli(['subscribers', 'list', '--json'], { cwd: dir })).stdout) as { email: string; topics: { query: string }[] }[];
      return list.find((entry) => entry.email === email)?.topics.map((topic) => topic.query);
    };
    expect(await topicsOf('ada@example.org')).toEqual(['robot*']);

    // Another entry changes: Ada's edit stands.
    writeFileSync(join(dir, 'seed.yaml'), seed('"diffusion"').replace('"LLM"', '"LLM", "agents"'));
    expect(await topicsOf('ada@example.org')).toEqual(['robot*']);
    expect(await topicsOf('bob@example.org')).toEqual(['LLM', 'agents']);

    // Her own entry changes: the file wins.
    writeFileSync(join(dir, 'seed.yaml'), seed('"diffusion", "title:LLM"').replace('"LLM"]', '"LLM", "agents"]'));
    expect(await topicsOf('ada@example.org')).toEqual(['diffusion', 'title:LLM']);
  });
});

describe('errors', () => {
  it('a bad config exits 2 naming file, line and key', async () => {
    const dir = project('dumps:\n  dir: ./dumps\nweb:\n  prot: 80\n');
    const result = await cli(['papers'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/paperboy\.yaml line 4: web\.prot: unknown key "prot" — allowed here: host, port, publicUrl/);
  });

  it('an unknown option exits 2', async () => {
    const dir = project();
    const result = await cli(['ingest', '--jsn'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown option '--jsn'/);
  });

  it('never prints the SMTP password or the secret', async () => {
    const dir = project();
    const result = await cli(['run', '--json'], { cwd: dir, env: { PAPERBOY_SMTP_URL: 'smtp://user:hunter2@127.0.0.1:1', PAPERBOY_SECRET: 'sekrit-value-1234567890' } });
    expect(result.stdout + result.stderr).not.toMatch(/hunter2|sekrit-value/);
  });
});
