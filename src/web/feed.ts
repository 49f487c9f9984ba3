// A subscriber's recent matches as an Atom 1.0 feed. Pure: the matches, the
// base URL and the instant come in. Dump text is untrusted: characters XML
// forbids are dropped, and since the `feed` package marks titles and
// summaries as type="html", their text is HTML-escaped here and only the
// highlight <strong> tags are markup.

import { Feed } from 'feed';
import { escapeHtml } from '../render/index.js';
import type { Match, Subscriber } from '../types.js';
import { paperCard, plain, type Segment } from './paper-view.js';

export interface FeedInput {
  subscriber: Pick<Subscriber, 'id' | 'topics' | 'createdAt'>;
  matches: readonly Match[];
  brand: string;
  /** `web.publicUrl`, without a trailing slash. */
  publicUrl: string;
  /** The feed's own absolute URL. */
  selfUrl: string;
  /** The last ingest, for <updated>; the subscriber's creation when nothing was ingested. */
  updated: Date | null;
}

export function buildAtomFeed(input: FeedInput): string {
  const host = hostOf(input.publicUrl);
  const updated = input.updated ?? new Date(input.subscriber.createdAt);
  const feed = new Feed({
    id: input.selfUrl,
    title: xmlText(`${input.brand}: your papers`),
    description: xmlText(`New papers matching ${topicList(input.subscriber.topics.map((topic) => topic.name))}`),
    updated,
    link: `${input.publicUrl}/archive`,
    feed: input.selfUrl,
    author: { name: xmlText(input.brand) },
    generator: 'paperboy',
  });
  for (const match of input.matches) {
    const card = paperCard(match.paper, match);
    const seen = new Date(match.paper.firstSeenAt);
    feed.addItem({
      id: `tag:${host},${match.paper.firstSeenAt.slice(0, 10)}:paper/${match.paper.id}`,
      title: escapeHtml(xmlText(plain(card.title))),
      link: card.url,
      date: seen,
      description: html(card.snippet),
      category: [{ term: attribute(match.topic) }],
    });
  }
  return feed.atom1();
}

function html(parts: readonly Segment[]): string {
  return parts.map((part) => (part.strong ? `<strong>${escapeHtml(xmlText(part.text))}</strong>` : escapeHtml(xmlText(part.text)))).join('');
}

/** Drops what XML 1.0 cannot carry at all: control characters, lone surrogates, U+FFFE/U+FFFF. */
export function xmlText(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '');
}

/** The `feed` package escapes only quotes in attributes. */
function attribute(text: string): string {
  return xmlText(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function topicList(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? 'your topics';
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname || 'localhost';
  } catch {
    return 'localhost';
  }
}
