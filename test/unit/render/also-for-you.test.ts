import { describe, expect, it } from 'vitest';
import { ALSO_FOR_YOU } from '../../../src/digest/index.js';
import { encodeDigest, readDigest } from '../../../src/store/stored-digest.js';
import { builtinRenderer, dailyDigest, FIXTURES, paperOf, readable } from './fixtures.js';

function withSuggestion() {
  const digest = dailyDigest();
  const paper = paperOf(FIXTURES.diffusion[5], 'also-1');
  const liked = digest.sections[0].matches[0].paper.title;
  digest.sections.push({ topic: ALSO_FOR_YOU, also: true, matches: [{ paper, score: 2.5, topic: ALSO_FOR_YOU, highlights: [], why: `like "${liked}"` }] });
  return { digest, paper, liked };
}

describe('a digest with "Also for you"', () => {
  it('shows the section last, each paper with the liked paper it resembles, in the HTML and the text part', async () => {
    const { digest, paper, liked } = withSuggestion();
    const message = (await builtinRenderer()).render(digest);
    const html = readable(message.html);
    expect(html.indexOf(ALSO_FOR_YOU)).toBeGreaterThan(html.indexOf('OOD'));
    expect(html).toContain(paper.title);
    expect(html).toContain(`like &quot;${liked}&quot;`);
    const text = message.text.replace(/\s+/g, ' ');
    expect(text.indexOf(paper.title)).toBeGreaterThan(text.indexOf(`## ${ALSO_FOR_YOU}`));
    expect(text).toContain(`Why: like "${liked}"`);
  });

  it('counts the suggestions apart from the papers that matched the topics, and leaves them out of the subject\'s topics', async () => {
    const { digest } = withSuggestion();
    const message = (await builtinRenderer()).render(digest);
    expect(message.text.replace(/\s+/g, ' ')).toContain('5 new papers matched your topics. And one more paper like those you liked.');
    // "See all" counts the papers that matched the topics: 5 shown and 4 more.
    expect(message.text.replace(/\s+/g, ' ')).toContain('And 4 more papers matched your topics. See all 9');
    expect(message.subject).not.toContain(ALSO_FOR_YOU);
  });

  it('is stored and read back as a suggestion', () => {
    const { digest, paper } = withSuggestion();
    const papers = new Map(digest.sections.flatMap((section) => section.matches.map((match) => [match.paper.id, match.paper] as const)));
    const read = readDigest(encodeDigest(digest)).withPapers(papers);
    expect(read.sections.at(-1)).toMatchObject({ topic: ALSO_FOR_YOU, also: true, matches: [{ paper: { id: paper.id } }] });
    expect(read.sections[0].also).toBeUndefined();
  });
});
