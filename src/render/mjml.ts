// MJML takes about 0.6 s to load, more than a whole command needs otherwise.
// The built-in templates are compiled when paperboy is built (precompile.ts),
// so a run with them never loads it; a template of the user's, or one that
// changed since, is compiled at start-up as before. The compiled HTML is found
// by a hash of everything that decides it, so a stale entry is never used.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

type Mjml2Html = typeof import('mjml');

/** Compiled HTML by mjmlKey. */
export type PrecompiledTemplates = ReadonlyMap<string, string>;

/** Where the build puts the built-in templates' compiled HTML: in dist/render/, found from there and from the bundle in dist/bundle/. */
export const PRECOMPILED_FILE = new URL('../render/mjml-precompiled.json', import.meta.url);

let mjml: Promise<Mjml2Html> | undefined;
let builtIn: PrecompiledTemplates | undefined;
let version: string | undefined;

/** mjml2html, loaded the first time a template needs it. */
export function loadMjml(): Promise<Mjml2Html> {
  mjml ??= import('mjml').then((module) => module.default);
  return mjml;
}

/** The key a compiled template is kept under: MJML's version, its options and the expanded source. */
export function mjmlKey(source: string, options: object): string {
  version ??= (createRequire(import.meta.url)('mjml/package.json') as { version: string }).version;
  return createHash('sha256').update(`${version}\n${JSON.stringify(options)}\n${source}`).digest('hex');
}

/** What the build compiled; empty from source (tsx, vitest) or when the file is missing or unreadable. */
export function builtInPrecompiled(): PrecompiledTemplates {
  builtIn ??= readPrecompiled(PRECOMPILED_FILE);
  return builtIn;
}

export function readPrecompiled(file: URL | string): PrecompiledTemplates {
  try {
    const entries = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    return new Map(Object.entries(entries).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  } catch {
    // Nothing is lost: every template then compiles with MJML at start-up.
    return new Map();
  }
}
