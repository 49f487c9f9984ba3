// Paper cards filled once and shared between messages (card-cache.ts) must
// print exactly what a fresh fill prints, each subscriber's own token in.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { beforeAll, describe, expect, it } from 'vitest';
import { CARD_KEY, cacheCards, registerCardHelper } from '../../../src/render/card-cache.js';
import { builtinTemplatesDir, type Renderer } from '../../../src/render/index.js';
import type { Digest, Match } from '../../../src/types.js';
import { ADA, builtinRenderer, dailyDigest, digestOf } from './fixtures.js';

let renderer: Renderer;
beforeAll(async () => {
  renderer = await builtinRenderer();
});

/** The same digest with every match frozen, as the matcher shares them: the cached path. */
function frozen(digest: Digest): Digest {
  return { ...digest, sections: digest.sections.map((section) => ({ ...section, matches: section.matches.map((match) => Object.freeze({ ...match })) })) };
}

describe('cached paper cards', () => {
  it('print what a fresh fill prints, in HTML and text, cold and warm', () => {
    const fresh = renderer.render(dailyDigest());
    const shared = frozen(dailyDigest());
    const cold = renderer.render(shared);
    const warm = renderer.render(shared);
    expect(cold.html).toBe(fresh.html);
    expect(cold.text).toBe(fresh.text);
    expect(warm).toEqual(cold);
  });

  it('carry each subscriber their own feedback token, and a card keeps its place (first or not)', () => {
    const shared = frozen(dailyDigest());
    const matches = shared.sections.flatMap((section) => section.matches) as Match[];
    const ada = renderer.render(shared);
    // Bob gets the same matches in another order: the first card has no separator, the others do.
    const bobDigest = digestOf([{ topic: 'Mixed', matches: [...matches].reverse() }], { subscriber: { ...ADA, id: 7, name: 'Bob', email: 'bob@example.org' } });
    const bob = renderer.render(bobDigest);
    const fresh = renderer.render(digestOf([{ topic: 'Mixed', matches: [...matches].reverse().map((match) => ({ ...match })) }], { subscriber: bobDigest.subscriber }));
    expect(bob.html).toBe(fresh.html);
    expect(bob.text).toBe(fresh.text);
    const feedback = (html: string) => new Set([...html.matchAll(/feedback\?token&#x3D;([^&]+)&amp;/g)].map((m) => m[1]));
    expect(feedback(ada.html).size).toBe(1);
    expect(feedback(bob.html).size).toBe(1);
    expect([...feedback(ada.html)][0]).not.toBe([...feedback(bob.html)][0]);
    expect(bob.text).not.toContain('\u0001');
  });
});

describe('cacheCards', () => {
  const rewritten = (source: string, partials: Record<string, string> = {}) => {
    const env = Handlebars.create();
    const ast = cacheCards(env.parse(source), new Map(Object.entries(partials).map(([name, text]) => [name, env.parse(text)])), () => 1);
    return JSON.stringify(ast).includes('paperboyEachCard');
  };

  it('takes a block that reads only its paper, @first and @last, or a partial that does', () => {
    expect(rewritten('{{#each papers}}{{#unless @first}}<hr>{{/unless}}<a href="{{links.up}}">{{title}}</a>{{#if @last}}.{{/if}}{{/each}}')).toBe(true);
    expect(rewritten('{{#each papers}}{{> paper}}{{/each}}', { paper: '* {{titleText}} {{links.down}}' })).toBe(true);
  });

  it('takes the built-in text cards, so the cache is in use out of the box', () => {
    const partial = (name: string) => readFileSync(join(builtinTemplatesDir(), 'text', 'partials', `${name}.hbs`), 'utf8');
    expect(rewritten(partial('sections'), { paper: partial('paper') })).toBe(true);
  });

  it('leaves a block that looks outside its paper to the plain each', () => {
    expect(rewritten('{{#each papers}}{{../topic}}{{/each}}')).toBe(false);
    expect(rewritten('{{#each papers}}{{@index}}{{/each}}')).toBe(false);
    expect(rewritten('{{#each papers}}{{@root.subject}}{{/each}}')).toBe(false);
    expect(rewritten('{{#each papers}}{{> unknown}}{{/each}}')).toBe(false);
    expect(rewritten('{{#each papers}}{{> paper}}{{/each}}', { paper: '{{../topic}}' })).toBe(false);
    expect(rewritten('{{#each papers as |p|}}{{p.title}}{{/each}}')).toBe(false);
    expect(rewritten('{{#each sections}}{{topic}}{{/each}}')).toBe(false);
    // A helper given a link would see the placeholder, not the token.
    expect(rewritten('{{#each papers}}{{wrap links.up 70}}{{/each}}')).toBe(false);
    expect(rewritten('{{#each papers}}{{> paper}}{{/each}}', { paper: '{{wrap (concat links.down) 70}}' })).toBe(false);
  });

  it('fills a rewritten block like each, its else branch included', () => {
    const env = Handlebars.create();
    registerCardHelper(env, true);
    const template = env.compile(cacheCards(env.parse('{{#each papers}}[{{title}} {{links.up}}{{#if @last}}!{{/if}}]{{else}}none{{/each}}'), new Map(), () => 1));
    const paper = (id: string, key?: object) => ({ id, title: `T<${id}>`, links: { up: `F&paper=${id}&vote=up`, down: '' }, ...(key ? { [CARD_KEY]: key } : {}) });
    const key = {};
    const view = (token: string) => ({ links: { feedback: `https://x/feedback?token=${token}` }, papers: [paper('a'), paper('b', key)] });
    expect(template(view('one'))).toBe('[T&lt;a&gt; F&amp;paper&#x3D;a&amp;vote&#x3D;up][T&lt;b&gt; https://x/feedback?token&#x3D;one&amp;paper&#x3D;b&amp;vote&#x3D;up!]');
    expect(template(view('two'))).toContain('token&#x3D;two&amp;paper&#x3D;b');
    expect(template({ links: { feedback: '' }, papers: [] })).toBe('none');
  });
});
