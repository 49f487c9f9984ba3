// Paper cards filled once and shared between messages (card-cache.ts) must
// print exactly what a fresh fill prints, each subscriber's own token in.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { beforeAll, describe, expect, it } from 'vitest';
import { useAsciiEscaping } from '../../../src/render/ascii-html.js';
import { CARD_KEY, cacheCards, registerCardHelper } from '../../../src/render/card-cache.js';
import { handlebarsEnvironment } from '../../../src/render/compile.js';
import { builtinTemplatesDir, type Renderer } from '../../../src/render/index.js';
import { feedbackLinks } from '../../../src/render/links.js';
import type { Digest, Match } from '../../../src/types.js';
import { ADA, FIXTURES, builtinRenderer, dailyDigest, digestOf, matchOf, paperOf } from './fixtures.js';

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

describe('cards shared between topics', () => {
  // One paper, highlighted on the same words, under topics written three ways:
  // one look, so one card, with each subscriber's own topic and why line in.
  const paper = paperOf(FIXTURES.diffusion[0], 'shared-paper');
  const forms = ['Diffusion: "diffusion model"', '"diffusion model"', '"diffusion model" -survey'].map((topic) =>
    Object.freeze({ ...matchOf(paper, topic, ['diffusion']), why: `matched topic ${topic} & <more> in the title and abstract, worded at some length so that the text part wraps it` }),
  );
  const digestFor = (match: Match, id: number) => digestOf([{ topic: match.topic, matches: [match] }], { subscriber: { ...ADA, id, email: `reader${id}@example.org` } });

  it('print each topic and why line, in HTML and text, exactly as a fresh fill', () => {
    forms.forEach((match, i) => {
      const shared = renderer.render(digestFor(match, 100 + i));
      const fresh = renderer.render(digestFor({ ...match }, 100 + i));
      expect(shared.html).toBe(fresh.html);
      expect(shared.text).toBe(fresh.text);
      expect(shared.text).toContain(match.topic);
    });
  });

  it('never carry one topic\'s why line into another subscriber\'s message', () => {
    const [first, second] = forms.map((match, i) => renderer.render(digestFor(match, 200 + i)));
    expect(second.text).toContain('"diffusion model" &');
    expect(second.text).not.toContain('Diffusion: "diffusion model" &');
    expect(first.text).toContain('Diffusion: "diffusion model" &');
  });
});

/** A card block compiled twice, with the cache and as the plain each: both fills, and how many cards were filled. */
function bothWays(source: string, html: boolean) {
  const environment = () => {
    const env = handlebarsEnvironment();
    if (html) useAsciiEscaping(env);
    let fills = 0;
    env.registerHelper('filled', () => {
      fills++;
      return '';
    });
    return { env, fills: () => fills };
  };
  const cached = environment();
  registerCardHelper(cached.env, html);
  const ast = cacheCards(cached.env.parse(source), new Map(), () => 1);
  const plain = environment();
  return {
    rewritten: JSON.stringify(ast).includes('paperboyEachCard'),
    cached: cached.env.compile(ast, { noEscape: !html }),
    plain: plain.env.compile(source, { noEscape: !html }),
    fills: cached.fills,
  };
}

describe('a card block that prints the why line or topic', () => {
  const key = {};
  const paper = (why: string, topic: string, feedback = 'f', id = 'p1') => ({ id, title: `T ${id}`, why, topic, links: feedbackLinks(feedback, id), [CARD_KEY]: key });
  const views = [
    ['matched topic <A> & "a" in the title, and a few words more to wrap', 'A & co'],
    ['matched topic B in the abstract', 'B'],
    ['', ''],
    ['matched topic — C — in the title and abstract, which is long enough to wrap twice at twenty', 'C — see'],
  ].map(([why, topic], i) => ({ links: { feedback: `https://x/feedback?token=t${i}` }, papers: [paper(why, topic, `https://x/feedback?token=t${i}`)] }));

  const cases: { source: string; shares: boolean }[] = [
    { source: '{{#each papers}}{{filled}}<p>{{why}}</p><i>{{topic}}</i>{{/each}}', shares: true },
    { source: '{{#each papers}}{{filled}}{{{why}}}|{{{topic}}}|{{links.up}}{{/each}}', shares: true },
    { source: '{{#each papers}}{{filled}}Why: {{wrap why 20 "  "}}{{#if @last}}.{{/if}}{{/each}}', shares: true },
    { source: '{{#each papers}}{{filled}}{{#if why}}[{{why}}]{{/if}}{{/each}}', shares: false },
    { source: '{{#each papers}}{{filled}}{{why}} / {{wrap why 20}}{{/each}}', shares: false },
    { source: '{{#each papers}}{{filled}}{{why}}{{{why}}}{{/each}}', shares: false },
    { source: '{{#each papers}}{{filled}}{{wrap why title}}{{/each}}', shares: false },
    { source: '{{#each papers}}{{filled}}{{lookup this "topic"}}{{/each}}', shares: false },
    { source: '{{#each papers}}{{filled}}{{why.length}}{{/each}}', shares: false },
    { source: '{{#each papers}}{{filled}}{{#with title}}{{topic}}{{/with}}{{/each}}', shares: false },
    { source: '{{#each papers}}{{filled}}{{#if title}}{{topic}}{{else}}none{{/if}}{{/each}}', shares: true },
    { source: '{{#each papers}}{{filled}}{{#unless @first}}-{{/unless}}{{plural 2 why}}{{/each}}', shares: false },
  ];

  for (const html of [true, false]) {
    for (const { source, shares } of cases) {
      it(`${html ? 'HTML' : 'text'}: ${source} prints what the plain each prints${shares ? ', from one card' : ', a card per value'}`, () => {
        const { rewritten, cached, plain, fills } = bothWays(source, html);
        expect(rewritten).toBe(true);
        for (const view of [...views, ...views]) expect(cached(view)).toBe(plain(view));
        // Filled once for the shared look, or once per distinct value (the empty one included).
        expect(fills()).toBe(shares ? 1 : views.length);
      });
    }
  }

  it('fills afresh a card whose paper holds a placeholder character', () => {
    const { cached, plain, fills } = bothWays('{{#each papers}}{{filled}}{{title}}: {{why}}{{/each}}', true);
    const odd = { links: { feedback: 'f' }, papers: [{ ...paper('why one', 't'), title: 'odd \u0002 title' }] };
    const other = { links: { feedback: 'f' }, papers: [{ ...paper('why two', 't'), title: 'odd \u0002 title' }] };
    expect(cached(odd)).toBe(plain(odd));
    expect(cached(other)).toBe(plain(other));
    expect(fills()).toBe(2);
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
