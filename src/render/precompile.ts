// `npm run build` runs this file: it compiles the built-in MJML templates
// once, so that commands need not load MJML at start-up (see mjml.ts).

import { renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MJML_OPTIONS } from './compile.js';
import { loadMjml, mjmlKey, PRECOMPILED_FILE } from './mjml.js';
import { expandIncludes, templateDirs, TEMPLATE_NAMES } from './template-files.js';

/** Every built-in template's compiled HTML, by mjmlKey. */
export async function precompileBuiltIns(): Promise<Map<string, string>> {
  const mjml2html = await loadMjml();
  const compiled = new Map<string, string>();
  for (const name of TEMPLATE_NAMES) {
    const { source } = expandIncludes(`${name}.mjml`, templateDirs(undefined));
    compiled.set(mjmlKey(source, MJML_OPTIONS), (await mjml2html(source, MJML_OPTIONS)).html);
  }
  return compiled;
}

async function main(): Promise<void> {
  const file = fileURLToPath(PRECOMPILED_FILE);
  // Written whole, then renamed: a reader never sees half of it.
  writeFileSync(`${file}.tmp`, JSON.stringify(Object.fromEntries(await precompileBuiltIns())));
  renameSync(`${file}.tmp`, file);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
