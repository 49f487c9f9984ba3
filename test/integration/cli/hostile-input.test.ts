import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { FIELD_LIMITS } from '../../../src/ingest/index.js';
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
