import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileTemplates, MJML_OPTIONS } from '../../../src/render/compile.js';
import { mjmlKey, readPrecompiled } from '../../../src/render/mjml.js';
import { precompileBuiltIns } from '../../../src/render/precompile.js';
import { prepareMessage } from '../../../src/render/renderer.js';
import { parseSender } from '../../../src/render/headers.js';
import { expandIncludes, templateDirs, TEMPLATE_NAMES } from '../../../src/render/template-files.js';
import { dailyDigest, FROM, PUBLIC_URL, SECRET } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'paperboy-precompiled-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const view = () => prepareMessage(dailyDigest(), parseSender(FROM), { publicUrl: PUBLIC_URL, secret: SECRET }).view;
const builtInDailyKey = () => mjmlKey(expandIncludes('daily.mjml', templateDirs(undefined)).source, MJML_OPTIONS);

describe('precompiled MJML', () => {
  it('is what MJML makes of each built-in template: mail from it is the same as from MJML at start-up', async () => {
    const precompiled = await precompileBuiltIns();
    for (const name of TEMPLATE_NAMES) expect(precompiled.has(mjmlKey(expandIncludes(`${name}.mjml`, templateDirs(undefined)).source, MJML_OPTIONS))).toBe(true);
    const [cached, fresh] = await Promise.all([compileTemplates(undefined, precompiled), compileTemplates(undefined, new Map())]);
    const html = cached.daily.html(view());
    expect(html).toContain('<!doctype html>');
    expect(html).toBe(fresh.daily.html(view()));
  });

  it('is used for a template whose expanded source it was made from', async () => {
    const templates = await compileTemplates(undefined, new Map([[builtInDailyKey(), '<p>from the build</p>']]));
    expect(templates.daily.html(view())).toBe('<p>from the build</p>');
  });

  it('is never used once the source differs: a user template (or an include of it) compiles with MJML', async () => {
    const user = mkdtempSync(join(dir, 'templates-'));
    writeFileSync(join(user, 'daily.mjml'), expandIncludes('daily.mjml', templateDirs(undefined)).source.replace('</mj-body>', '<mj-section><mj-column><mj-text>Lab notice</mj-text></mj-column></mj-section></mj-body>'));
    const templates = await compileTemplates(user, new Map([[builtInDailyKey(), '<p>from the build</p>']]));
    const html = templates.daily.html(view());
    expect(html).not.toContain('from the build');
    expect(html).toContain('Lab notice');
  });

  it('keys on MJML options too', () => {
    expect(mjmlKey('<mjml></mjml>', MJML_OPTIONS)).not.toBe(mjmlKey('<mjml></mjml>', { ...MJML_OPTIONS, minify: false }));
  });

  it('is read as empty when the file is missing or broken, so start-up compiles as before', () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"abc": "<p>half');
    expect(readPrecompiled(broken).size).toBe(0);
    expect(readPrecompiled(join(dir, 'missing.json')).size).toBe(0);
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ k: '<p>x</p>', bad: 3 }));
    expect([...readPrecompiled(good)]).toEqual([['k', '<p>x</p>']]);
  });
});
