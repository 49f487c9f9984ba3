import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDump } from '../../../src/ingest/parse.js';
import { isPaperboyError } from '../../../src/errors.js';
import { arxivAtom, arxivRss, hfDailyPapers, type FeedPaper } from '../../helpers/feeds.js';
import { NOW } from './helpers.js';

const feed = (name: string) => readFileSync(new URL(`../../fixtures/feeds/${name}`, import.meta.url));
const samples = JSON.parse(readFileSync(new URL('../../fixtures/papers.json', import.meta.url), 'utf8')) as { title: string; abstract: string }[];

function failure(input: string, name = 'https://feeds.example.org/x'): { code: string; message: string; line: number | undefined } {
  try {
    parseDump(input, { name, now: NOW, feed: true });
  } catch (error) {
    if (isPaperboyError(error)) return { code: error.code, message: error.message, line: error.line };
    throw error;
  }
  throw new Error('parsed');
}

describe('arXiv API (Atom)', () => {
  const { format, papers } = parseDump(feed('arxiv-api.atom'), { name: 'arxiv-api.atom', now: NOW });

  it('is detected by content and reads every entry', () => {
    expect(format).toBe('arxiv-atom');
    expect(papers).toHaveLength(4);
  });

  it('folds the wrapped title and summary back into the sample text', () => {
    expect(papers[0].title).toBe(samples[0].title);
    expect(papers[0].abstract).toBe(samples[0].abstract);
    expect(papers[3].title).toBe(samples[3].title);
  });

  it('keeps the arXiv id without its version, the authors, the day and the abs link', () => {
    expect(papers[0]).toMatchObject({
      arxivId: '2411.01200',
      arxivVersion: 1,
      authors: ['Wei Zhang'],
      authorsCount: 1,
      publishedAt: '2024-11-01',
      url: 'https://arxiv.org/abs/2411.01200',
      upvotes: null,
      line: 10,
    });
    expect(papers[2].authors).toEqual(['Kwame Mensah', 'Priya Raman', 'Lukas Müller']);
  });

  it('reports an API error answer as the source failing, not as a paper', () => {
    const error = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/api/errors#incorrect_id_format_for_1234</id><title>Error</title><summary>incorrect id format for 1234</summary></entry></feed>`;
    expect(failure(error)).toMatchObject({ code: 'PB_DUMP_UNREADABLE', message: expect.stringContaining('the arXiv API answered with an error: incorrect id format for 1234') });
  });

  it('takes an empty result as a quiet day when asked to', () => {
    const empty = arxivAtom([]);
    expect(parseDump(empty, { name: 'x', now: NOW, feed: true }).papers).toEqual([]);
    expect(() => parseDump(empty, { name: 'x', now: NOW })).toThrow(/no papers found in this arxiv-atom dump/);
  });
});

describe('arXiv listing (RSS 2.0)', () => {
  const { format, papers } = parseDump(feed('arxiv-listing.rss'), { name: 'arxiv-listing.rss', now: NOW });

  it('is detected by content and reads every item', () => {
    expect(format).toBe('arxiv-rss');
    expect(papers.map((paper) => paper.arxivId)).toEqual(['2411.01202', '2411.01203', '2411.01204', '2411.01205', '2411.01200', '2411.01209']);
  });

  it('reads the abstract after "Abstract:", the creators and the announce type', () => {
    expect(papers[0].abstract).toBe(samples[2].abstract);
    expect(papers[0].title).toBe(samples[2].title);
    expect(papers[0].authors).toEqual(['Kwame Mensah', 'Priya Raman', 'Lukas Müller']);
    expect(papers.map((paper) => paper.reannounced)).toEqual([false, false, false, false, true, true]);
    expect(papers[4]).toMatchObject({ arxivVersion: 2, url: 'https://arxiv.org/abs/2411.01200', publishedAt: '2024-11-05' });
  });

  it('reads names joined with "and" and entities in titles', () => {
    const paper: FeedPaper = { arxivId: '2411.00001', version: 1, title: 'Cats & <Dogs>', abstract: samples[0].abstract, authors: [], published: '2024-11-01' };
    const rss = arxivRss([paper]).replace('<dc:creator></dc:creator>', '<dc:creator>Ada Lovelace, Charles Babbage and Mary Somerville</dc:creator>');
    const [parsed] = parseDump(rss, { name: 'x', now: NOW }).papers;
    expect(parsed.title).toBe('Cats & <Dogs>');
    expect(parsed.authors).toEqual(['Ada Lovelace', 'Charles Babbage', 'Mary Somerville']);
  });

  it('names an item whose description is not an arXiv announcement, with its line', () => {
    const rss = arxivRss([{ arxivId: '2411.00001', version: 1, title: 'T', abstract: 'A.', authors: ['A'], published: '2024-11-01' }]).replace(/arXiv:2411\.00001v1 Announce Type: new/, 'Some blog post');
    expect(failure(rss)).toMatchObject({ code: 'PB_DUMP_UNREADABLE', line: 17, message: expect.stringContaining('does not begin "arXiv:<id> Announce Type') });
  });
});

describe('Hugging Face daily_papers (JSON)', () => {
  const { format, papers } = parseDump(feed('hf-daily-papers.json'), { name: 'hf-daily-papers.json', now: NOW });

  it('is told apart from a plain JSON dump by its items', () => {
    expect(format).toBe('hf-daily-papers');
    expect(papers).toHaveLength(4);
  });

  it('reads the arXiv id, title, summary, authors, day and upvotes', () => {
    expect(papers[0]).toMatchObject({
      arxivId: '2411.01204',
      arxivVersion: null,
      title: samples[4].title,
      abstract: samples[4].abstract,
      authors: ['Lukas Müller', 'Yuki Tanaka', 'Olga Petrova', "Seán O'Brien", 'Fatima Al-Sayed'],
      authorsCount: 5,
      publishedAt: '2024-11-01',
      upvotes: 13,
    });
  });

  it('names an item without its paper', () => {
    const broken = hfDailyPapers([{ arxivId: '2411.00001', version: 1, title: 'T', abstract: 'A.', authors: [], published: '2024-11-01' }]).replace('"summary":"A."', '"summary":""');
    expect(failure(broken)).toMatchObject({ code: 'PB_DUMP_UNREADABLE', message: expect.stringContaining('item 1 has no paper "summary"') });
  });
});

describe('not a feed', () => {
  it('names an HTML page as such', () => {
    const html = '<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body><p>Please log in<br></p></body></html>';
    expect(failure(html)).toMatchObject({ code: 'PB_DUMP_UNREADABLE', message: expect.stringMatching(/^https:\/\/feeds\.example\.org\/x line 1: an HTML page, not a feed — /) });
  });

  it('gives the feed of a page copied from the address bar', () => {
    const page = '<!DOCTYPE html>\n<html><head><title>Daily Papers</title></head><body></body></html>';
    const hint = (url: string) => failure(page, url).message.split(' — ')[1];
    expect(hint('https://huggingface.co/papers')).toBe('its feed is https://huggingface.co/api/daily_papers: put that in sources:');
    expect(hint('https://huggingface.co/papers/date/2024-11-05')).toBe('its feed is https://huggingface.co/api/daily_papers?date=2024-11-05: put that in sources:');
    expect(hint('https://arxiv.org/list/cs.LG/new')).toBe('its feed is https://rss.arxiv.org/rss/cs.LG: put that in sources:');
    expect(hint('https://arxiv.org/list/hep-th/recent')).toBe('its feed is https://rss.arxiv.org/rss/hep-th: put that in sources:');
    // Any other page gets the general question.
    expect(hint('https://example.org/papers')).toMatch(/^paperboy reads arXiv API responses/);
    expect(hint('https://arxiv.org/abs/2411.01200')).toMatch(/^paperboy reads arXiv API responses/);
  });

  it('names broken XML with its line', () => {
    expect(failure('<?xml version="1.0"?>\n<feed>\n<entry>\n</feed>')).toMatchObject({ code: 'PB_DUMP_UNREADABLE', line: expect.any(Number), message: expect.stringContaining('not well-formed XML') });
  });

  it('names a feed cut short by the elements left open, at its last line', () => {
    const whole = readFileSync(new URL('../../fixtures/feeds/arxiv-listing.rss', import.meta.url), 'utf8');
    const cut = whole.slice(0, whole.indexOf('<language>') + 13);
    const lines = cut.split('\n').length;
    expect(failure(cut)).toMatchObject({ line: lines, message: expect.stringContaining(`line ${lines}: the text ends before <language>, <channel> and <rss> are closed — `) });
    expect(failure(cut).message).toContain('did the whole answer arrive?');
  });

  it("quotes a JSON API's own answer instead of reading it as a paper without a title", () => {
    const answer = '{"error":"Invalid date format, expected YYYY-MM-DD"}';
    expect(failure(answer).message).toBe(
      `https://feeds.example.org/x line 1: a JSON object that is no paper: ${answer} — paperboy reads arXiv API responses (Atom), arXiv listing feeds (RSS) and Hugging Face daily_papers JSON: is the URL one of them, and did the whole answer arrive? The next poll tries again`,
    );
    // Pretty-printed over several lines, it is the same answer.
    expect(failure('{\n  "error": "Invalid date format, expected YYYY-MM-DD"\n}').message).toContain(`line 1: a JSON object that is no paper: ${answer} — `);
    // The same line in a JSONL dump file is a paper without a title, as before.
    expect(() => parseDump(answer, { name: 'dumps/x.jsonl', now: NOW })).toThrow('dumps/x.jsonl line 1: the object has no "title"');
  });

  it('asks about the URL and a cut answer, not an export, for an empty, cut or unknown answer', () => {
    expect(failure('').message).toMatch(/^https:\/\/feeds\.example\.org\/x: the answer is empty — paperboy reads/);
    expect(failure('[{"title": "A paper", "abstract": "Its abst').message).toMatch(/line 1: invalid JSON: the text ends inside a value — paperboy reads .* did the whole answer arrive\?/);
    expect(failure('Service temporarily unavailable\nPlease retry').message).toMatch(/line 1: neither JSON nor XML, nor a Daily Papers page: "Service temporarily unavailable" — paperboy reads/);
    // A dump file keeps its own advice.
    expect(() => parseDump('', { name: 'dumps/x.txt', now: NOW })).toThrow('dumps/x.txt: the file is empty — is it still being written, or did the export fail?');
  });

  it('names another XML root', () => {
    expect(failure('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>')).toMatchObject({ message: expect.stringContaining('root is <svg>') });
  });

  it('does not expand an entity bomb', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">]>
<rss version="2.0"><channel><item><title>&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;</title><description>arXiv:2411.00001v1 Announce Type: new Abstract: x.</description></item></channel></rss>`;
    const [paper] = parseDump(bomb, { name: 'x', now: NOW }).papers;
    expect(paper.title.length).toBeLessThan(100);
  });
});
