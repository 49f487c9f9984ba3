// The digest's HTML is written in ASCII. HTML can say any character in
// ASCII, as a numeric character reference (&#x2014; for "—"), and an ASCII
// part with short lines goes out as it is (7bit, mime.ts): no
// quoted-printable pass over most of the message's bytes, on the SMTP
// thread, and fewer bytes to send. It also keeps the string one byte
// a character in V8, half the memory to copy to the SMTP thread.
//
// So the HTML renderer writes every other character as a reference: the
// templates' own text once, when they compile, and every value a template
// prints (the escaping below, in place of Handlebars'). Whatever is left
// outside ASCII (text in a template's <style> or <script>, where a
// reference would be read literally) only sends that message in
// quoted-printable, as before.

import type Handlebars from 'handlebars';
import { characterReference, escapeHtmlAscii } from './escape.js';

/**
 * Where compiled templates find the escaping for `{{value}}`: in their
 * helpers, under a name no template would pick, held in an object because
 * Handlebars wraps every helper function to take an options argument last.
 */
const ESCAPE_HELPER = 'paperboy-escape-ascii';

/**
 * Makes `env`'s compiled templates print `{{value}}` through
 * escapeAsciiExpression instead of Handlebars.escapeExpression. Handlebars
 * has no option for it; its documented way in is a JavaScriptCompiler of
 * our own, on this environment only.
 */
export function useAsciiEscaping(env: typeof Handlebars): void {
  env.registerHelper(ESCAPE_HELPER, { escape: escapeAsciiExpression } as unknown as Handlebars.HelperDelegate);
  const Base = (env as unknown as { JavaScriptCompiler: new () => CompilerInternals }).JavaScriptCompiler;
  class AsciiCompiler extends Base {
    appendEscaped(): void {
      this.pushSource(this.appendToBuffer([this.aliasable(`helpers[${JSON.stringify(ESCAPE_HELPER)}].escape`), '(', this.popStack(), ')']));
    }
  }
  // Nested blocks are compiled by `new this.compiler()`: ours too.
  (AsciiCompiler.prototype as unknown as { compiler: unknown }).compiler = AsciiCompiler;
  (env as unknown as { JavaScriptCompiler: unknown }).JavaScriptCompiler = AsciiCompiler;
}

/** The parts of Handlebars' JavaScriptCompiler that appendEscaped uses. */
interface CompilerInternals {
  pushSource(source: unknown): void;
  appendToBuffer(source: unknown[]): unknown;
  aliasable(name: string): unknown;
  popStack(): unknown;
}

/** Handlebars.escapeExpression, but the result is ASCII. */
export function escapeAsciiExpression(value: unknown): string {
  if (typeof value !== 'string') {
    if (value && typeof (value as { toHTML?: unknown }).toHTML === 'function') return (value as { toHTML(): string }).toHTML();
    if (value === null || value === undefined) return '';
    return String(value);
  }
  return escapeHtmlAscii(value);
}

/**
 * The text of an HTML template (MJML's output, Handlebars expressions still
 * in it) with every character past U+009F as a reference, but in <style>,
 * <script> and Handlebars expressions, where a reference is not one.
 */
export function asciiTemplateSource(source: string): string {
  return source.replace(TEMPLATE_WIDE, (found) => (found.length > 2 ? found : characterReference(found)));
}

/** Kept as they are (longer than two): raw-text elements, Handlebars expressions. Replaced: one character. */
const TEMPLATE_WIDE = /<(style|script)\b[^]*?<\/\1\s*>|\{\{[^]*?\}\}|[\ud800-\udbff][\udc00-\udfff]|[\u00a0-\uffff]/gi;
