import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isPaperboyError, type PaperboyError } from '../../../src/errors.js';
import { builtinTemplatesDir, createRenderer } from '../../../src/render/index.js';
import { dailyDigest, FROM, PUBLIC_URL, SECRET } from './fixtures.js';

const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A user templates folder holding just these files. */
function userTemplates(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-templates-'));
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const builtin = (path: string) => readFileSync(join(builtinTemplatesDir(), path), 'utf8');

async function startupError(templatesDir: string, options: { from?: string; publicUrl?: string } = {}): Promise<PaperboyError> {
  try {
    await createRenderer({ templatesDir, publicUrl: options.publicUrl ?? PUBLIC_URL, from: options.from ?? FROM, secret: SECRET });
  } catch (error) {
    if (isPaperboyError(error)) return error;
    throw error;
  }
  throw new Error('createRenderer did not fail');
}

describe('user templates', () => {
  it('use the files the folder has and the built-in ones for the rest', async () => {
    const dir = userTemplates({
      'text/daily.hbs': 'Custom text for {{subscriber.email}}\n{{> footer}}',
      'partials/footer.mjml': builtin('partials/footer.mjml').replace('Unsubscribing takes one click.', 'Custom footer here.'),
    });
    const renderer = await createRenderer({ templatesDir: dir, publicUrl: PUBLIC_URL, from: FROM, secret: SECRET });
    const message = renderer.render(dailyDigest());
    expect(message.text).toMatch(/^Custom text for ada@example\.org\n--\nView in browser:/);
    expect(message.html).toContain('Custom footer here.');
    expect(message.html).toContain('How much is a noisy image worth?');
  });

  it('stop start-up on an MJML error, naming the file and line', async () => {
    const dir = userTemplates({
      'weekly.mjml': builtin('weekly.mjml').replace(
        '<mj-include path="partials/footer.mjml" />',
        '<mj-section>\n      <mj-text>not inside a column</mj-text>\n    </mj-section>',
      ),
    });
    const error = await startupError(dir);
    expect(error.code).toBe('PB_TEMPLATE');
    expect(error.message).toMatch(/weekly\.mjml line 8: MJML: /);
    expect(error.message).toContain('mj-text');
  });

  it('stop start-up on a Handlebars syntax error inside a partial, naming the partial and line', async () => {
    const paper = builtin('partials/paper.mjml').split('\n');
    paper[3] = '  {{#if meta}}<p class="pb-meta">{{meta}}</p>{{/unless}}';
    const error = await startupError(userTemplates({ 'partials/paper.mjml': paper.join('\n') }));
    expect(error.code).toBe('PB_TEMPLATE');
    expect(error.message).toMatch(/partials[/\\]paper\.mjml line 4: Handlebars: /);
  });

  it('stop start-up on a triple-stash, which would print dump text unescaped', async () => {
    const error = await startupError(userTemplates({ 'partials/paper.mjml': builtin('partials/paper.mjml').replace('{{title}}', '{{{title}}}') }));
    expect(error.code).toBe('PB_TEMPLATE');
    expect(error.message).toMatch(/paper\.mjml line 2: prints a value unescaped/);
  });

  it('stop start-up on a field the digest does not have', async () => {
    const error = await startupError(userTemplates({ 'text/alert.hbs': 'Hello {{subscriber.nmae}}' }));
    expect(error.code).toBe('PB_TEMPLATE');
    expect(error.message).toMatch(/alert\.hbs line 1: "nmae" not defined/);
  });

  it('stop start-up on a broken text partial', async () => {
    const error = await startupError(userTemplates({ 'text/partials/footer.hbs': '--\n{{#each links}}\n' }));
    expect(error.code).toBe('PB_TEMPLATE');
    expect(error.message).toMatch(/footer\.hbs line \d+: Handlebars: /);
  });

  it('stop start-up on an include that names no file, naming the including line', async () => {
    const error = await startupError(userTemplates({ 'daily.mjml': builtin('daily.mjml').replace('partials/header.mjml', 'partials/headr.mjml') }));
    expect(error.code).toBe('PB_TEMPLATE');
    expect(error.message).toMatch(/daily\.mjml line 5: mj-include "partials\/headr\.mjml": no such file/);
  });

  it('refuse a templates folder that does not exist', async () => {
    const error = await startupError(join(tmpdir(), 'paperboy-no-such-templates'));
    expect(error.code).toBe('PB_TEMPLATE');
    expect(error.message).toContain('does not exist');
  });
});

describe('renderer options', () => {
  it('refuse a from without an address and a publicUrl that is not http(s)', async () => {
    expect((await startupError(userTemplates({}), { from: 'Paperboy' })).code).toBe('PB_CONFIG_KEY');
    expect((await startupError(userTemplates({}), { publicUrl: 'javascript:alert(1)' })).code).toBe('PB_CONFIG_KEY');
  });

  it('refuse a missing secret at start-up, not at the first send', async () => {
    await expect(createRenderer({ publicUrl: PUBLIC_URL, from: FROM, secret: '' })).rejects.toMatchObject({ code: 'PB_CONFIG_KEY' });
  });
});
