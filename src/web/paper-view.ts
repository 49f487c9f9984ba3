// A paper as the pages show it: title and snippet as segments of plain text,
// the matched ones marked. Segments (not HTML) go to the templates and the
// preview's JSON alike, so escaping is left to Handlebars and to the
// browser's textContent: no markup is ever built from dump text here.

import { excerpt, normaliseSpans, paperUrl, publishedLabel, type Span } from '../render/index.js';
import type { Highlight, Match, Paper } from '../types.js';

export interface Segment {
  text: string;
  strong: boolean;
}

export interface PaperCard {
  id: string;
  url: string;
  title: Segment[];
  snippet: Segment[];
  /** `42 upvotes · 7 authors · 24 Nov 2025`, or ''. */
  meta: string;
  /** The topic that matched, or '' outside a preview. */
  topic: string;
}

/** `snippetLength`: how much of the abstract to show, in characters, around the matched words. */
export function paperCard(paper: Paper, match?: Pick<Match, 'highlights' | 'topic'>, snippetLength?: number): PaperCard {
  const highlights = match?.highlights ?? [];
  const title = visible(paper.title);
  const abstract = visible(paper.abstract);
  const cut = excerpt(abstract, spansOf(highlights, 'abstract'), snippetLength);
  const snippet = segments(cut.text, cut.marks);
  if (cut.cutStart) snippet.unshift({ text: '…', strong: false });
  // A cut after a full stop reads as the end of a sentence, which it is: no "….".
  if (cut.cutEnd && !/[.!?]$/.test(cut.text)) snippet.push({ text: '…', strong: false });
  return {
    id: paper.id,
    // paperUrl's encodeURIComponent throws on a lone surrogate, which a JSON dump can hold ("\ud800").
    url: paperUrl({ ...paper, title: wellFormed(paper.title) }),
    title: segments(title, normaliseSpans(spansOf(highlights, 'title'), title.length)),
    snippet,
    meta: metaLine(paper),
    topic: match?.topic ?? '',
  };
}

/** Splits text at sorted, disjoint spans; whitespace runs collapse as HTML would show them. */
export function segments(text: string, marks: readonly Span[]): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  const push = (piece: string, strong: boolean) => {
    if (piece) out.push({ text: piece.replace(/\s+/g, ' '), strong });
  };
  for (const mark of marks) {
    push(text.slice(at, mark.start), false);
    push(text.slice(mark.start, mark.end), true);
    at = mark.end;
  }
  push(text.slice(at), false);
  return out;
}

/** Plain text of segments, e.g. for a feed entry's title. */
export function plain(parts: readonly Segment[]): string {
  return parts.map((part) => part.text).join('').trim();
}

function metaLine(paper: Paper): string {
  const parts: string[] = [];
  if (paper.upvotes !== null && paper.upvotes > 0) parts.push(paper.upvotes === 1 ? '1 upvote' : `${paper.upvotes} upvotes`);
  if (paper.authorsCount !== null && paper.authorsCount > 0) parts.push(paper.authorsCount === 1 ? '1 author' : `${paper.authorsCount} authors`);
  const published = publishedLabel(paper.publishedAt);
  if (published) parts.push(published);
  return parts.join(' · ');
}

function spansOf(highlights: readonly Highlight[], field: Highlight['field']): Span[] {
  return highlights.filter((highlight) => highlight.field === field);
}

/** Control characters and lone surrogates become spaces: same length, so highlight offsets still hold. */
function visible(text: string): string {
  return wellFormed(text).replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}

function wellFormed(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, ' ');
}
