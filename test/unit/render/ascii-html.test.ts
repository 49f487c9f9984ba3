import fc from 'fast-check';
import Handlebars from 'handlebars';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { buildMime } from '../../../src/deliver/mime.js';
import { asciiTemplateSource, escapeAsciiExpression, useAsciiEscaping } from '../../../src/render/ascii-html.js';
import { handlebarsEnvironment } from '../../../src/render/compile.js';
import { readable } from './fixtures.js';

function asciiEnvironment(): typeof Handlebars {
  const env = handlebarsEnvironment();
  useAsciiEscaping(env);
  return env;
}

describe('asciiTemplateSource', () => {
  it('writes the text of a template as references, but not <style>, <script> or Handlebars expressions', () => {
    const source = '<title>{{subject}} — Paperboy</title><style>.x::before { content: "→"; }</style><p>👍 More {{#if x}}· {{plural n "é" "és"}}{{/if}}</p><SCRIPT>"…"</SCRIPT>';
    expect(asciiTemplateSource(source)).toBe(
      '<title>{{subject}} &#x2014; Paperboy</title><style>.x::before { content: "→"; }</style><p>&#x1F44D; More {{#if x}}&#xB7; {{plural n "é" "és"}}{{/if}}</p><SCRIPT>"…"</SCRIPT>',
    );
  });
});

describe('useAsciiEscaping', () => {
  it('escapes like Handlebars, and writes every character past U+009F as a reference (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => {
        const ours = escapeAsciiExpression(text);
        expect(ours).toMatch(/^[\x00-\x9f]*$/);
        expect(readable(ours)).toBe(Handlebars.escapeExpression(text));
      }),
      { numRuns: 1000 },
    );
  });

  it('prints values as Handlebars does: SafeStrings as they are, numbers, false and nothing', () => {
    const env = asciiEnvironment();
    const fill = env.compile('<p>{{safe}}|{{n}}|{{no}}|{{none}}|{{text}}</p>{{#each list}}<i title="{{this}}">{{this}}</i>{{/each}}', { strict: false });
    const html = fill({ safe: new Handlebars.SafeString('<b>ok</b>'), n: 0, no: false, none: null, text: 'a<b> — "c"', list: ['é', '&'] });
    expect(html).toBe('<p><b>ok</b>|0|false||a&lt;b&gt; &#x2014; &quot;c&quot;</p><i title="&#xE9;">&#xE9;</i><i title="&amp;">&amp;</i>');
  });

  it('leaves other environments alone', () => {
    asciiEnvironment();
    expect(handlebarsEnvironment().compile('{{x}}')({ x: 'é<' })).toBe('é&lt;');
    expect(Handlebars.compile('{{x}}')({ x: 'é<' })).toBe('é&lt;');
  });

  it('sends a message in quoted-printable when its template keeps a character outside ASCII in <style>', async () => {
    const env = asciiEnvironment();
    const html = env.compile(asciiTemplateSource('<style>.x::before { content: "→"; }</style><p>→ {{v}}</p>'))({ v: '—' });
    expect(html).toBe('<style>.x::before { content: "→"; }</style><p>&#x2192; &#x2014;</p>');
    const raw = buildMime({ messageId: '<m@example.org>', from: 'a@example.org', to: 'b@example.org', subject: 's', headers: {}, text: 't', html }, new Date('2026-11-24T07:00:00Z'));
    expect(raw.toString('latin1')).toContain('Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable');
    expect((await simpleParser(raw)).html).toBe(html);
  });
});
