// Finding template files: the user's folder first, the built-in one for any
// file it lacks, and `<mj-include path="…" />` expanded in place, with a
// record of where every line came from so errors can name file and line.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PaperboyError } from '../errors.js';

export const TEMPLATE_NAMES = ['daily', 'weekly', 'alert', 'confirm'] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

/** The `templates/` folder shipped with paperboy; src/render and dist/render sit at the same depth. */
export function builtinTemplatesDir(): string {
  return fileURLToPath(new URL('../../templates/', import.meta.url));
}

export interface Origin {
  file: string;
  line: number;
}

export interface ExpandedSource {
  /** The top file, for messages. */
  file: string;
  source: string;
  /** origins[i] is where line i + 1 of `source` came from. */
  origins: Origin[];
}

/** Template folders in lookup order: the user's (if any), then the built-in one. */
export function templateDirs(templatesDir?: string): string[] {
  const builtin = builtinTemplatesDir();
  if (templatesDir && !existsSync(templatesDir)) {
    throw new PaperboyError('PB_TEMPLATE', `templates: ${templatesDir} does not exist — create it (files it lacks come from the built-in templates) or remove the key`);
  }
  return templatesDir && resolve(templatesDir) !== resolve(builtin) ? [resolve(templatesDir), builtin] : [builtin];
}

/**
 * True when a folder of the operator's own templates is in play. The
 * built-in templates are checked by the build and the tests; the operator's
 * are checked at start-up (syntax, and a sample of every kind rendered).
 */
export function usesOwnTemplates(templatesDir?: string): boolean {
  return templateDirs(templatesDir).length > 1;
}

export function readTemplate(path: string, dirs: readonly string[]): { file: string; text: string } {
  for (const dir of dirs) {
    const file = join(dir, path);
    if (existsSync(file)) return { file, text: readFileSync(file, 'utf8') };
  }
  throw new PaperboyError('PB_TEMPLATE', `${path}: no such template in ${dirs.join(' or ')} — is the paperboy installation complete?`);
}

const INCLUDE = /<mj-include\s+path\s*=\s*"([^"]+)"\s*\/>/g;
const MAX_DEPTH = 8;

/** The MJML source of `path` with its includes expanded; include paths are relative to the including file. */
export function expandIncludes(path: string, dirs: readonly string[], stack: readonly string[] = []): ExpandedSource {
  const { file, text } = readTemplate(path, dirs);
  if (stack.includes(path) || stack.length >= MAX_DEPTH) {
    throw new PaperboyError('PB_TEMPLATE', `${displayPath(file)}: includes itself (${[...stack, path].join(' → ')}) — remove the loop`);
  }
  const lines: string[] = [];
  const origins: Origin[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const here = { file, line: index + 1 };
    let last = 0;
    for (const include of line.matchAll(INCLUDE)) {
      pushLine(lines, origins, line.slice(last, include.index), here);
      const target = join(dirname(path), include[1]);
      if (target.startsWith('..')) {
        throw new PaperboyError('PB_TEMPLATE', `${displayPath(file)} line ${here.line}: mj-include "${include[1]}" leaves the templates folder — keep partials inside it`);
      }
      if (!dirs.some((dir) => existsSync(join(dir, target)))) {
        throw new PaperboyError('PB_TEMPLATE', `${displayPath(file)} line ${here.line}: mj-include "${include[1]}": no such file in ${dirs.join(' or ')}`);
      }
      const inner = expandIncludes(target, dirs, [...stack, path]);
      lines.push(...inner.source.split('\n'));
      origins.push(...inner.origins);
      last = include.index + include[0].length;
    }
    pushLine(lines, origins, line.slice(last), here, last === 0);
  });
  return { file, source: lines.join('\n'), origins };
}

function pushLine(lines: string[], origins: Origin[], text: string, origin: Origin, always = false): void {
  if (!always && text.trim() === '') return;
  lines.push(text);
  origins.push(origin);
}

export function originOf(expanded: ExpandedSource, line: number | undefined): Origin {
  return (line !== undefined && expanded.origins[line - 1]) || { file: expanded.file, line: line ?? 0 };
}

/** The text partials (`text/partials/*.hbs`), the user's shadowing the built-in ones of the same name. */
export function textPartials(dirs: readonly string[]): Map<string, { file: string; text: string }> {
  const partials = new Map<string, { file: string; text: string }>();
  for (const dir of [...dirs].reverse()) {
    const folder = join(dir, 'text', 'partials');
    if (!existsSync(folder)) continue;
    for (const name of readdirSync(folder).filter((entry) => entry.endsWith('.hbs'))) {
      const file = join(folder, name);
      partials.set(name.slice(0, -'.hbs'.length), { file, text: readFileSync(file, 'utf8') });
    }
  }
  return partials;
}

/** A path as errors show it: relative to the working directory when that is shorter. */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && rel.length < file.length ? rel : file;
}
