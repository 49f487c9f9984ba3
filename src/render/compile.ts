// Compiling templates once, at start-up: MJML (validated strictly) into
// HTML that still holds the Handlebars expressions, then Handlebars into a
// fill function. A broken template stops start-up with its file and line.

import Handlebars from 'handlebars';
import { PaperboyError } from '../errors.js';
import {
  displayPath,
  expandIncludes,
  originOf,
  readTemplate,
  templateDirs,
  textPartials,
  usesOwnTemplates,
  TEMPLATE_NAMES,
  type ExpandedSource,
  type TemplateName,
} from './template-files.js';
import { asciiTemplateSource, useAsciiEscaping } from './ascii-html.js';
import { cacheCards, registerCardHelper } from './card-cache.js';
import { builtInPrecompiled, loadMjml, mjmlKey, type PrecompiledTemplates } from './mjml.js';
import { plural, rememberingWrap } from './text-helpers.js';
import type { MessageView } from './view.js';

export type Fill = (view: MessageView) => string;

export interface CompiledTemplate {
  html: Fill;
  /**
   * The size in bytes (UTF-8) of an HTML part this template filled. A
   * template whose own text is ASCII fills ASCII only (every value is
   * escaped to ASCII): then it is the length, without a pass over the string.
   */
  htmlBytes: (html: string) => number;
  text: Fill;
  files: { mjml: string; text: string };
}

export type CompiledTemplates = Record<TemplateName, CompiledTemplate>;

/** Options that keep the compiled HTML lean: no web fonts, no comments, whitespace collapsed. */
export const MJML_OPTIONS = {
  validationLevel: 'strict',
  minify: true,
  // cssnano is not installed, and our CSS is small and hand-written anyway.
  minifyOptions: { minifyCss: false },
  keepComments: false,
  fonts: {},
  ignoreIncludes: true,
} as const;

/**
 * `precompiled`: MJML's output for sources seen before (mjml.ts); by
 * default what the build compiled of the built-in templates.
 */
export async function compileTemplates(templatesDir?: string, precompiled: PrecompiledTemplates = builtInPrecompiled()): Promise<CompiledTemplates> {
  const dirs = templateDirs(templatesDir);
  const check = usesOwnTemplates(templatesDir);
  const htmlEnv = handlebarsEnvironment();
  useAsciiEscaping(htmlEnv);
  const textEnv = handlebarsEnvironment();
  registerCardHelper(htmlEnv, true);
  registerCardHelper(textEnv, false);
  const cards: Cards = { partials: new Map(), nextBlock: counter() };
  const partials = [...textPartials(dirs)];
  // Parsed first, compiled after: a partial's cards may call another partial.
  for (const [name, partial] of partials) cards.partials.set(name, parsePartial(textEnv, partial));
  for (const [name, partial] of partials) {
    textEnv.registerPartial(name, compileHandlebars(textEnv, partial.text, partial.file, { noEscape: true, strict: true }, check, cards));
  }
  const compiled = await Promise.all(
    TEMPLATE_NAMES.map(async (name) => {
      const mjml = expandIncludes(`${name}.mjml`, dirs);
      const text = readTemplate(`text/${name}.hbs`, dirs);
      const html = await compileMjml(htmlEnv, mjml, { partials: new Map(), nextBlock: cards.nextBlock }, precompiled, check);
      const template: CompiledTemplate = {
        html: html.fill,
        htmlBytes: html.ascii ? (filled) => filled.length : (filled) => Buffer.byteLength(filled),
        text: compileHandlebars(textEnv, text.text, text.file, { noEscape: true, strict: true }, check, cards),
        files: { mjml: mjml.file, text: text.file },
      };
      return [name, template] as const;
    }),
  );
  return Object.fromEntries(compiled) as CompiledTemplates;
}

/** A Handlebars environment of our own (never the global one) with paperboy's helpers. */
export function handlebarsEnvironment(): typeof Handlebars {
  const env = Handlebars.create();
  env.registerHelper({ plural, wrap: rememberingWrap() });
  return env;
}

/** The MJML source with includes expanded, checked for Handlebars syntax and unescaped output. */
export function checkMjmlSource(env: typeof Handlebars, mjml: ExpandedSource): void {
  mjml.source.split('\n').forEach((line, index) => {
    if (/\{\{\{|\{\{~?\s*&/.test(line)) {
      throw templateError(originOf(mjml, index + 1), 'prints a value unescaped ({{{…}}} or {{&…}}) — use {{…}}: paperboy already marks up highlights safely');
    }
  });
  try {
    env.parse(mjml.source);
  } catch (error) {
    throw templateError(originOf(mjml, handlebarsLine(error)), `Handlebars: ${handlebarsReason(error)}`, error);
  }
}

async function compileMjml(env: typeof Handlebars, mjml: ExpandedSource, cards: Cards, precompiled: PrecompiledTemplates, check: boolean): Promise<{ fill: Fill; ascii: boolean }> {
  if (check) checkMjmlSource(env, mjml);
  const compiled = precompiled.get(mjmlKey(mjml.source, MJML_OPTIONS));
  const fillOf = (html: string) => {
    const source = asciiTemplateSource(html);
    return { fill: compileHandlebars(env, source, mjml.file, { strict: true }, check, cards), ascii: !/[^\x00-\x7f]/.test(source) };
  };
  if (compiled !== undefined) return fillOf(compiled);
  let html: string;
  try {
    const mjml2html = await loadMjml();
    ({ html } = await mjml2html(mjml.source, MJML_OPTIONS));
  } catch (error) {
    const first = (error as { errors?: { line?: number; message?: string; tagName?: string }[] }).errors?.[0];
    const reason = first ? `MJML: ${first.tagName ? `<${first.tagName}> ` : ''}${first.message}` : `MJML: ${(error as Error).message}`;
    throw templateError(originOf(mjml, first?.line), reason, error);
  }
  return fillOf(html);
}

function parsePartial(env: typeof Handlebars, partial: { text: string; file: string }): hbs.AST.Program {
  try {
    return env.parse(partial.text);
  } catch (error) {
    throw templateError({ file: partial.file, line: handlebarsLine(error) ?? 0 }, `Handlebars: ${handlebarsReason(error)}`, error);
  }
}

/** What the card cache needs to know while templates compile: the partials a card may call, and a block numbering. */
interface Cards {
  partials: Map<string, hbs.AST.Program>;
  nextBlock: () => number;
}

function counter(): () => number {
  let n = 0;
  return () => ++n;
}

/**
 * `check` (an operator's own templates): parse and compile now, so that an
 * error stops start-up with its file and line. The built-in templates are
 * parsed at their first fill instead: a run that sends only daily digests
 * never parses the weekly, alert and confirmation templates.
 */
function compileHandlebars(env: typeof Handlebars, source: string, file: string, options: CompileOptions, check: boolean, cards?: Cards): Fill {
  const compile = (): Handlebars.TemplateDelegate<MessageView> => {
    try {
      if (check) env.precompile(source, options);
      if (!cards) return env.compile<MessageView>(source, options);
      return env.compile<MessageView>(cacheCards(env.parse(source), cards.partials, cards.nextBlock), options);
    } catch (error) {
      throw templateError({ file, line: handlebarsLine(error) ?? 0 }, `Handlebars: ${handlebarsReason(error)}`, error);
    }
  };
  if (check) return compile();
  let compiled: Handlebars.TemplateDelegate<MessageView> | undefined;
  // A partial is called with Handlebars' runtime options too: they pass through.
  return (view: MessageView, runtime?: Handlebars.RuntimeOptions) => (compiled ??= compile())(view, runtime);
}

type CompileOptions = { strict?: boolean; noEscape?: boolean };

function handlebarsLine(error: unknown): number | undefined {
  const found = error as { lineNumber?: number; message?: string };
  if (typeof found.lineNumber === 'number') return found.lineNumber;
  const match = /line (\d+)/.exec(found.message ?? '');
  return match ? Number(match[1]) : undefined;
}

function handlebarsReason(error: unknown): string {
  const message = String((error as Error).message ?? error);
  const lines = message.split('\n');
  // Parse errors read "Parse error on line N:", an excerpt, a caret, then what was expected.
  return (lines.length > 1 ? lines[lines.length - 1] : message).replace(/ - \d+:\d+$/, '');
}

export function templateError(origin: { file: string; line: number }, reason: string, cause?: unknown): PaperboyError {
  const where = origin.line > 0 ? `${displayPath(origin.file)} line ${origin.line}` : displayPath(origin.file);
  return new PaperboyError('PB_TEMPLATE', `${where}: ${reason}`, { cause });
}
