// The page templates (templates/web/*.hbs) and the two static files, read and
// compiled once when the server is built. Pages are Handlebars in strict mode:
// a view missing a field the template names fails loudly, and every value is
// printed with the escaping double-stash (the templates never use {{{ }}}).

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { PaperboyError } from '../errors.js';

export const PAGE_NAMES = [
  'subscribe',
  'check-inbox',
  'confirm',
  'confirmed',
  'preferences',
  'unsubscribe',
  'unsubscribed',
  'feedback',
  'archive',
  'archive-day',
  'problem',
] as const;
export type PageName = (typeof PAGE_NAMES)[number];

export interface Asset {
  /** `/static/style.css` */
  path: string;
  /** `/static/style.css?v=1a2b3c4d`: changes whenever the file does, so it can be cached for long. */
  url: string;
  type: string;
  body: string;
}

export interface Pages {
  render(name: PageName, view: object): string;
  readonly assets: { css: Asset; js: Asset };
}

/** templates/web/ of this installation; src/web and dist/web sit at the same depth. */
export function webTemplatesDir(): string {
  return fileURLToPath(new URL('../../templates/web/', import.meta.url));
}

export function loadPages(dir: string = webTemplatesDir()): Pages {
  const handlebars = Handlebars.create();
  const options = { strict: true, preventIndent: true };
  const partials = join(dir, 'partials');
  for (const file of readdirSync(partials).filter((name) => name.endsWith('.hbs'))) {
    handlebars.registerPartial(basename(file, '.hbs'), handlebars.compile(read(join(partials, file)), options));
  }
  const templates = new Map<PageName, Handlebars.TemplateDelegate>();
  for (const name of PAGE_NAMES) templates.set(name, handlebars.compile(read(join(dir, `${name}.hbs`)), options));
  const assets = {
    css: asset(dir, 'style.css', 'text/css; charset=utf-8'),
    js: asset(dir, 'app.js', 'text/javascript; charset=utf-8'),
  };
  return {
    assets,
    render(name, view) {
      try {
        return templates.get(name)!({ ...view, assets: { css: assets.css.url, js: assets.js.url } });
      } catch (error) {
        throw new PaperboyError('PB_TEMPLATE', `${join(dir, `${name}.hbs`)}: ${(error as Error).message} — the page's view lacks a field the template names`, { cause: error });
      }
    },
  };
}

function asset(dir: string, file: string, type: string): Asset {
  const body = read(join(dir, file));
  const version = createHash('sha256').update(body).digest('hex').slice(0, 10);
  return { path: `/static/${file}`, url: `/static/${file}?v=${version}`, type, body };
}

function read(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new PaperboyError('PB_TEMPLATE', `${path}: cannot read this web template (${(error as NodeJS.ErrnoException).code}) — is the paperboy installation complete?`, { cause: error });
  }
}
