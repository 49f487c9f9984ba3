// The authors' names and the arXiv link that feeds bring, in both parts of
// a digest, fresh and through the shared card cache.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Renderer } from '../../../src/render/index.js';
import type { Digest, Match } from '../../../src/types.js';
import { ADA, FIXTURES, builtinRenderer, digestOf, matchOf, paperOf, readable } from './fixtures.js';

let renderer: Renderer;
beforeAll(async () => {
  renderer = await builtinRenderer();
});

const FIVE = ['Lukas Müller', 'Ana García', '<b>Mallory</b> & co', 'Fourth Author', 'Fifth Author'];

function digest(matches: Match[], id = ADA.id): Digest {
  return digestOf([{ topic: 'Diffusion', matches }], { subscriber: { ...ADA, id, email: `reader${id}@example.org` } });
}

describe('authors and the arXiv link on a paper card', () => {
  const many = paperOf(FIXTURES.diffusion[0], 'many', { authors: FIVE, authorsCount: 5, arxivId: '2405.19253', url: 'https://huggingface.co/papers/2405.19253' });
  const two = paperOf(FIXTURES.diffusion[1], 'two', { authors: ['Ada Lovelace', 'Charles Babbage'], authorsCount: 2 });
  const none = paperOf(FIXTURES.diffusion[2], 'none', { authors: [] });

  it('shows the first three names then "et al.", escaped, and links the title to the arXiv abstract page', () => {
    const message = renderer.render(digest([matchOf(many, 'Diffusion', ['diffusion']), matchOf(two, 'Diffusion', ['diffusion']), matchOf(none, 'Diffusion', ['diffusion'])]));
    const html = readable(message.html);
    expect(html).toContain('>Lukas Müller, Ana García, &lt;b&gt;Mallory&lt;/b&gt; &amp; co et al.</p>');
    expect(html).not.toContain('Fourth Author');
    expect(html).toContain('>Ada Lovelace, Charles Babbage</p>');
    expect(html).not.toContain('<b>Mallory');
    expect(html).toContain('href="https://arxiv.org/abs/2405.19253"');
    expect(html).not.toContain('huggingface.co/papers/2405.19253');
    expect(message.text).toContain('  https://arxiv.org/abs/2405.19253\n');
    expect(message.text).toContain('  Lukas Müller, Ana García, <b>Mallory</b> & co et al.\n');
    expect(message.text).toContain('  Ada Lovelace, Charles Babbage\n');
    // A paper without names has no empty line for them.
    const noneCard = message.text.slice(message.text.indexOf(FIXTURES.diffusion[2].title.slice(0, 30)));
    expect(noneCard).not.toMatch(/^\* [^\n]*\n  https:[^\n]*\n  [^\n]*\n  \n/);
  });

  it('prints the same names through the shared card cache as a fresh fill, and never another paper\'s', () => {
    const shared = [Object.freeze(matchOf(many, 'Diffusion', ['diffusion'])), Object.freeze(matchOf(two, 'Diffusion', ['diffusion']))];
    const fresh = renderer.render(digest(shared.map((match) => ({ ...match }))));
    const first = renderer.render(digest(shared));
    const second = renderer.render(digest([...shared].reverse(), 7));
    expect(first.html).toBe(fresh.html);
    expect(first.text).toBe(fresh.text);
    const bob = readable(second.html);
    expect(bob).toContain('>Ada Lovelace, Charles Babbage</p>');
    expect(bob).toContain('>Lukas Müller, Ana García, &lt;b&gt;Mallory&lt;/b&gt; &amp; co et al.</p>');
    expect(bob.indexOf('Ada Lovelace')).toBeLessThan(bob.indexOf('Lukas Müller'));
  });
});
