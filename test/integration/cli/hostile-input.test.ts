import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { FIELD_LIMITS } from '../../../src/ingest/index.js';
import { findSubscriberByEmail, openDatabase, subscriberLinksValidFrom } from '../../../src/store/index.js';
import { TEST_SECRET } from '../../helpers/app.js';
import { cli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/temp.js';

const env = { PAPERBOY_SECRET: TEST_SECRET };

function project(prefix: string): string {
  const dir = tempDir(prefix);
  mkdirSync(join(dir, 'dumps'));
  writeFileSync(
    join(dir, 'subscribers.yaml'),
    stringify([{ email: 'ada@example.org', timezone: 'UTC', frequency: 'daily', topics: ['Diffusion: "diffusion model"'] }]),
  );
  writeFileSync(join(dir, 'paperboy.yaml'), stringify({ dumps: { dir: './dumps' }, subscribers: './subscribers.yaml' }));
  return dir;
}

describe('a dump with an 80,000-word abstract', () => {
  it('is ingested with the abstract cut and reported, and a preview that shows it is rendered', async () => {
    const dir = project('pb-hostile-long-');
    const huge = `We study diffusion models. ${'diffusion model '.repeat(80_000).trim()}`;
    const papers = [
      { title: 'Diffusion model flood', abstract: huge },
      { title: 'A sane diffusion model paper', abstract: 'We train a diffusion model on small images and report what it learns.' },
    ];
    writeFileSync(join(dir, 'dumps/flood.jsonl'), papers.map((paper) => JSON.stringify(paper)).join('\n'));

    const ingest = await cli(['ingest', 'dumps/flood.jsonl', '--json'], { cwd: dir, env });
    expect(ingest.code).toBe(0);
    const [dump] = JSON.parse(ingest.stdout).dumps;
    expect(dump).toMatchObject({ papers: 2, new: 2, error: null });
    expect(dump.cuts).toEqual([{ line: 1, title: 'Diffusion model flood', field: 'abstract', length: huge.length, limit: FIELD_LIMITS.abstract }]);

    const preview = await cli(['preview', 'ada@example.org', '--format', 'html', '--out', 'ada.html'], { cwd: dir, env });
    expect(preview.code).toBe(0);
    const html = readFileSync(join(dir, 'ada.html'), 'utf8');
    expect(html).toContain('Diffusion model flood');
    expect(html).toContain('A sane diffusion model paper');
    expect(html.length).toBeLessThan(100_000);
  });

  it('says in the readable report which paper and field were cut', async () => {
    const dir = project('pb-hostile-report-');
    writeFileSync(join(dir, 'dumps/long.json'), JSON.stringify([{ title: 'Long one', abstract: 'word '.repeat(10_000).trim() }]));
    const ingest = await cli(['ingest', 'dumps/long.json'], { cwd: dir, env });
    expect(ingest.code).toBe(0);
    expect(ingest.stdout).toContain('dumps/long.json line 1: the abstract of "Long one" had 49,999 characters; cut to 20,000 at a word boundary');
  });
});

// Nine levels of nine aliases each: 9^9 strings once expanded.
function yamlBomb(leaf: string): string {
  const lines = ['a0: &a0 "lol"'];
  for (let level = 1; level <= 9; level++) lines.push(`a${level}: &a${level} [${Array(9).fill(`*a${level - 1}`).join(', ')}]`);
  return `${lines.join('\n')}\n${leaf}\n`;
}

describe('a YAML bomb', () => {
  it('in the config is a config error naming the file, exit 2', async () => {
    const dir = project('pb-hostile-bomb-');
    writeFileSync(join(dir, 'paperboy.yaml'), yamlBomb('dumps: { dir: ./dumps }').replace(/^a(\d)/gm, 'x-a$1'));
    const result = await cli(['papers'], { cwd: dir, env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/paperboy\.yaml: its YAML aliases \(\*name\) expand too far/);
    expect(result.stderr).not.toMatch(/ReferenceError|\n\s+at /);
  });

  it('in a subscriber import or the seed file is an error naming that file, exit 2, and nothing is imported', async () => {
    const dir = project('pb-hostile-bomb-subs-');
    const anchors = yamlBomb('').trim().split('\n').map((line) => `  ${line}`).join('\n');
    writeFileSync(join(dir, 'bomb.yaml'), `- email: x@example.org\n  topics: [diffusion]\n${anchors}\n`);
    const imported = await cli(['subscribers', 'import', 'bomb.yaml'], { cwd: dir, env });
    expect(imported.code).toBe(2);
    expect(imported.stderr).toMatch(/bomb\.yaml: its YAML aliases \(\*name\) expand too far/);

    writeFileSync(join(dir, 'paperboy.yaml'), stringify({ dumps: { dir: './dumps' }, subscribers: './bomb.yaml' }));
    const seeded = await cli(['subscribers', 'list', '--json'], { cwd: dir, env });
    expect(seeded.code).toBe(2);
    expect(seeded.stderr).toMatch(/bomb\.yaml: its YAML aliases \(\*name\) expand too far/);
    expect(seeded.stderr).not.toMatch(/ReferenceError|\n\s+at /);
  });
});

describe('paperboy subscribers rotate-links', () => {
  it('revokes one subscriber’s links, and names an unknown address', async () => {
    const dir = project('pb-rotate-');
    expect((await cli(['subscribers', 'list'], { cwd: dir, env })).code).toBe(0);
    const rotated = await cli(['subscribers', 'rotate-links', 'ADA@example.org'], { cwd: dir, env });
    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toContain('Rotated the links of ADA@example.org');
    const db = await openDatabase(join(dir, 'data/paperboy.db'));
    try {
      const ada = await findSubscriberByEmail(db, 'ada@example.org');
      expect(await subscriberLinksValidFrom(db, ada!.id)).toBeInstanceOf(Date);
    } finally {
      await db.destroy();
    }
    const unknown = await cli(['subscribers', 'rotate-links', 'nobody@example.org'], { cwd: dir, env });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/nobody@example\.org: no such subscriber/);
  });
});
