// The view of one message: everything a template prints, computed once in
// TypeScript so templates stay simple loops. Dump text reaches the HTML
// template either as a plain string (Handlebars escapes it) or as a
// SafeString built here from escaped pieces only.

import Handlebars from 'handlebars';
import type { Digest, Frequency, Match } from '../types.js';
import { CARD_KEY } from './card-cache.js';
import { longDate, publishedLabel } from './dates.js';
import { escapeHtmlAscii, markHtml } from './escape.js';
import { feedbackLinks, paperUrl, type LinkContext, type MessageLinks } from './links.js';
import { excerpt, normaliseSpans, type Span } from './snippet.js';
import { squash } from './spaces.js';
import { dayOf, paperCount, weekRange } from './subject.js';

export interface PaperView {
  id: string;
  /** Escaped HTML, matched words in <strong>. */
  title: Handlebars.SafeString;
  titleText: string;
  url: string;
  /** Escaped HTML snippet of the abstract, matched words in <strong>. */
  snippet: Handlebars.SafeString;
  snippetText: string;
  /** `42 upvotes · 7 authors · 24 Nov 2025`, empty when nothing is known. */
  meta: string;
  /** `Ada Lovelace, Charles Babbage, Mary Somerville et al.`: the first three names; empty when none are known. */
  authors: string;
  why: string;
  topic: string;
  links: { up: string; down: string };
  /** Set when the paper's look is shared between messages: what card-cache.ts files the filled card under. */
  [CARD_KEY]?: object;
}

export interface SectionView {
  topic: string;
  count: number;
  papers: PaperView[];
}

export interface MessageView {
  kind: Digest['kind'];
  brand: string;
  subject: string;
  preheader: string;
  /**
   * Invisible characters after a short preheader, so the inbox preview ends
   * with it instead of running on into the first words of the body.
   */
  preheaderPadding: string;
  heading: string;
  /** `daily digest`, `weekly summary`, `alert`, `confirmation`: what this message is, in words. */
  kindLabel: string;
  dateLabel: string;
  intro: string;
  subscriber: { name: string; email: string };
  /**
   * The page at `/d/<token>`, which a reader forwards, not the email: the
   * built-in footer then names no address and offers a digest of one's own.
   */
  webCopy: boolean;
  sections: SectionView[];
  hasPapers: boolean;
  paperCount: number;
  moreCount: number;
  totalCount: number;
  links: Omit<MessageLinks, 'unsubscribeToken'>;
  confirm: {
    topics: { name: string; query: string; named: boolean }[];
    frequency: Frequency;
    /** `a daily digest`, `a weekly summary`, `instant alerts` */
    frequencyLabel: string;
    expiresLabel: string;
    /** What an active subscriber gets now: the email says what confirming would change. */
    current: { topics: { name: string; query: string; named: boolean }[]; frequencyLabel: string } | null;
  } | null;
  publicUrl: string;
}

export interface ViewContext {
  brand: string;
  subject: string;
  preheader: string;
  links: MessageLinks;
  linkContext: LinkContext;
  paperCache?: PaperCache;
  webCopy?: boolean;
}

const KIND_LABELS: Record<Digest['kind'], string> = {
  daily: 'daily digest',
  weekly: 'weekly summary',
  instant: 'alert',
  confirm: 'confirmation',
};

const FREQUENCY_LABELS: Record<Frequency, string> = {
  daily: 'a daily digest',
  weekly: 'a weekly summary',
  instant: 'instant alerts',
};

const HEADINGS: Record<Digest['kind'], string> = {
  daily: 'Your daily papers',
  weekly: 'Your week in papers',
  instant: 'New papers for you',
  confirm: 'Confirm your subscription',
};

export function buildView(digest: Digest, context: ViewContext): MessageView {
  const count = paperCount(digest);
  const at = new Date(digest.at);
  return {
    kind: digest.kind,
    brand: context.brand,
    subject: context.subject,
    preheader: context.preheader,
    preheaderPadding: preheaderPadding(context.preheader),
    heading: HEADINGS[digest.kind],
    kindLabel: KIND_LABELS[digest.kind],
    dateLabel: digest.kind === 'weekly' ? weekRange(digest) : longDate(...dayOf(digest)),
    intro: introFor(digest, count - suggestedCount(digest)) + alsoNote(suggestedCount(digest)),
    subscriber: { name: digest.subscriber.name ?? '', email: digest.subscriber.email },
    webCopy: context.webCopy ?? false,
    sections: digest.sections
      .filter((section) => section.matches.length > 0)
      .map((section) => ({
        topic: section.topic,
        count: section.matches.length,
        papers: section.matches.map((match) => paperView(match, context.links.feedback, context.paperCache)),
      })),
    hasPapers: count > 0,
    paperCount: count,
    moreCount: digest.moreCount,
    totalCount: count - suggestedCount(digest) + digest.moreCount,
    links: viewLinks(context.links),
    confirm: digest.confirm
      ? {
          topics: digest.confirm.topics.map(topicView),
          frequency: digest.confirm.frequency,
          frequencyLabel: FREQUENCY_LABELS[digest.confirm.frequency],
          expiresLabel: longDate(new Date(at.getTime() + 7 * 86_400_000), digest.subscriber.timezone),
          current: digest.confirm.current
            ? { topics: digest.confirm.current.topics.map(topicView), frequencyLabel: FREQUENCY_LABELS[digest.confirm.current.frequency] }
            : null,
        }
      : null,
    publicUrl: context.linkContext.publicUrl.replace(/\/+$/, ''),
  };
}

/**
 * What a card shows of its paper: the same for every match of the paper
 * with the same highlights, whatever the topic. Subscribers write their
 * topics in a long tail of forms ("robot*", "Robotics: robot*", "robot*
 * -survey", …): each form is a match of its own, but most highlight the
 * same words, so they share one look and one filled card (card-cache.ts,
 * which keeps cards under the look).
 */
type PaperLook = Pick<PaperView, 'id' | 'title' | 'titleText' | 'url' | 'snippet' | 'snippetText' | 'meta' | 'authors'>;

/** The parts of a paper's view that do not depend on the subscriber: everything but its links. */
interface PaperParts {
  look: PaperLook;
  why: string;
  topic: string;
}

/**
 * The matcher returns frozen Match objects and shares them between all the
 * subscribers whose topic matched the paper, so their parts are computed once
 * and reused by every message that carries them. Unfrozen matches might
 * change, and are never cached.
 */
export interface PaperCache {
  get(match: Match): PaperParts | undefined;
  set(match: Match, parts: PaperParts): void;
  /** The look of `paper` with the highlights `spans` names (see spansKey). */
  look(paper: Match['paper'], spans: string): PaperLook | undefined;
  setLook(paper: Match['paper'], spans: string, look: PaperLook): void;
}

/**
 * A PaperCache that keeps nothing past the run that made its matches: held
 * by the Match and the Paper, weakly, so a long-running process lets go of
 * a run's parts, looks and cards (card-cache.ts keys them by look) along
 * with the run's matcher and papers. Within a run it keeps them all: a
 * match's own parts are three references, and the looks, which hold the
 * text and markup, are few (10,000 subscribers carry some 25,000 distinct
 * matches but about 2,000 looks).
 */
export class RunPaperCache implements PaperCache {
  readonly #parts = new WeakMap<Match, PaperParts>();
  readonly #looks = new WeakMap<Match['paper'], Map<string, PaperLook>>();

  get(match: Match): PaperParts | undefined {
    return this.#parts.get(match);
  }

  set(match: Match, parts: PaperParts): void {
    this.#parts.set(match, parts);
  }

  look(paper: Match['paper'], spans: string): PaperLook | undefined {
    return this.#looks.get(paper)?.get(spans);
  }

  setLook(paper: Match['paper'], spans: string, look: PaperLook): void {
    let looks = this.#looks.get(paper);
    if (!looks) this.#looks.set(paper, (looks = new Map()));
    looks.set(spans, look);
  }
}

function paperView(match: Match, feedback: string, cache: PaperCache | undefined): PaperView {
  let parts = cache?.get(match);
  const shared = parts !== undefined || (cache !== undefined && Object.isFrozen(match));
  if (!parts) {
    parts = { look: lookOf(match, shared ? cache : undefined), why: squash(visible(match.why)), topic: match.topic };
    if (shared) cache!.set(match, parts);
  }
  const { look } = parts;
  // Spelled out rather than spread: one object shape for every paper of every message.
  return {
    id: look.id,
    title: look.title,
    titleText: look.titleText,
    url: look.url,
    snippet: look.snippet,
    snippetText: look.snippetText,
    meta: look.meta,
    authors: look.authors,
    why: parts.why,
    topic: parts.topic,
    links: feedbackLinks(feedback, match.paper.id),
    // A shared look can share its filled card too (card-cache.ts).
    [CARD_KEY]: shared ? look : undefined,
  };
}

/**
 * The links a template may print, without the bare unsubscribe token. Named
 * one by one, not spread: spreading would read `confirm`, which a message's
 * links sign only when read (messageLinks), in every digest.
 */
function viewLinks(links: MessageLinks): Omit<MessageLinks, 'unsubscribeToken'> {
  return {
    view: links.view,
    preferences: links.preferences,
    unsubscribe: links.unsubscribe,
    feed: links.feed,
    subscribe: links.subscribe,
    feedback: links.feedback,
    get confirm() {
      return links.confirm;
    },
  };
}

function lookOf(match: Match, cache: PaperCache | undefined): PaperLook {
  if (!cache) return paperLook(match);
  const spans = spansKey(match);
  let look = cache.look(match.paper, spans);
  if (!look) cache.setLook(match.paper, spans, (look = paperLook(match)));
  return look;
}

/** The highlights a look depends on, as a string: `t0-5,a12-20`. */
function spansKey(match: Match): string {
  let key = '';
  for (const { field, start, end } of match.highlights) key += `${field === 'title' ? 't' : 'a'}${start}-${end},`;
  return key;
}

function paperLook(match: Match): PaperLook {
  const { paper } = match;
  const title = visible(paper.title);
  const titleMarks = normaliseSpans(spansOf(match, 'title'), title.length);
  // Cut first, clean after: `visible` keeps lengths, so the marks still hold, and it runs on 360 characters, not 2,000.
  const cut = excerpt(paper.abstract, spansOf(match, 'abstract'));
  const snippet = visible(cut.text);
  const before = cut.cutStart ? '…' : '';
  const after = cut.cutEnd ? '…' : '';
  return {
    id: paper.id,
    title: new Handlebars.SafeString(markHtml(title, titleMarks)),
    titleText: squash(title),
    url: paperUrl(paper),
    snippet: new Handlebars.SafeString(escapeHtmlAscii(before) + markHtml(snippet, cut.marks) + escapeHtmlAscii(after)),
    snippetText: before + squash(snippet) + after,
    meta: metaLine(paper),
    authors: authorsLine(paper.authors),
  };
}

/** Papers in the "Also for you" section: they match no topic, so the intro counts them apart. */
function suggestedCount(digest: Digest): number {
  return digest.sections.reduce((sum, section) => sum + (section.also ? section.matches.length : 0), 0);
}

function alsoNote(suggested: number): string {
  return suggested === 0 ? '' : ` And ${suggested === 1 ? 'one more paper' : `${suggested} more papers`} like those you liked.`;
}

function topicView(topic: { name: string; query: string }): { name: string; query: string; named: boolean } {
  return { name: topic.name, query: topic.query, named: topic.name !== topic.query };
}

const SHOWN_AUTHORS = 3;

function authorsLine(authors: string[]): string {
  if (authors.length === 0) return '';
  const shown = authors.slice(0, SHOWN_AUTHORS).map((name) => squash(visible(name)));
  return `${shown.join(', ')}${authors.length > SHOWN_AUTHORS ? ' et al.' : ''}`;
}

/** Inbox previews show up to about 140 characters; the body's first words must not fill the rest. */
const PREVIEW_LENGTH = 140;

/**
 * Pairs of a combining grapheme joiner (U+034F) and a no-break space: they
 * take up the preview without showing anything, and inboxes collapse
 * neither. Written out as numeric references by the ASCII HTML.
 */
function preheaderPadding(preheader: string): string {
  const missing = Math.ceil((PREVIEW_LENGTH - preheader.length) / 2);
  return missing > 0 ? '\u034f\u00a0'.repeat(missing) : '';
}

function introFor(digest: Digest, count: number): string {
  const name = digest.subscriber.name ? squash(visible(digest.subscriber.name)) : '';
  return name ? `Hi ${name} — ${introText(digest, count)}` : capitalised(introText(digest, count));
}

/** A subscriber without a name (everyone who subscribes on the web form) gets a sentence that starts with a capital. */
function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The intro after the greeting, in lower case: `12 new papers matched your topics.` */
function introText(digest: Digest, count: number): string {
  const papers = count === 1 ? '1 new paper' : `${count} new papers`;
  switch (digest.kind) {
    case 'confirm':
      return digest.confirm?.current ? 'please confirm the change to your subscription.' : 'please confirm that you want to receive papers from us.';
    case 'daily':
      return count === 0 ? 'nothing new matched your topics today.' : `${papers} matched your topics.`;
    case 'weekly':
      return count === 0
        ? 'nothing new matched your topics this week.'
        : `the ${count === 1 ? 'best paper' : `${count} best papers`} of the week on your topics, ranked by match and upvotes.`;
    case 'instant':
      return count === 0 ? 'nothing new matched your topics.' : `${papers} just arrived that ${count === 1 ? 'matches' : 'match'} your topics.`;
  }
}

function metaLine(paper: Match['paper']): string {
  const parts: string[] = [];
  if (paper.upvotes !== null && paper.upvotes > 0) parts.push(paper.upvotes === 1 ? '1 upvote' : `${thousands(paper.upvotes)} upvotes`);
  if (paper.authorsCount !== null && paper.authorsCount > 0) parts.push(paper.authorsCount === 1 ? '1 author' : `${thousands(paper.authorsCount)} authors`);
  const published = publishedLabel(paper.publishedAt);
  if (published) parts.push(published);
  return parts.join(' · ');
}

/** `1,234` */
function thousands(count: number): string {
  return String(Math.round(count)).replace(/\B(?=(\d{3})+$)/g, ',');
}

function spansOf(match: Match, field: 'title' | 'abstract'): Span[] {
  return match.highlights.filter((highlight) => highlight.field === field);
}

/** Control characters become spaces: same length, so highlight offsets still hold. */
function visible(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, ' ');
}
