// The links in a message, each carrying a signed token (src/link-tokens.ts).
// The web stage serves these paths; this module is the one place that
// spells them.

import { signToken, tokenExpiry, type TokenPurpose } from '../link-tokens.js';
import { squash } from './spaces.js';

export interface LinkContext {
  publicUrl: string;
  secret: string;
  subscriberId: number;
  /** The edition's instant: expiries count from it, so rendering stays pure. */
  at: Date;
}

export interface MessageLinks {
  view: string;
  preferences: string;
  unsubscribe: string;
  feed: string;
  /** The subscribe page: no token, it acts for no one. */
  subscribe: string;
  confirm: string;
  /** The start of every 👍/👎 link in the message: one signed token for all of them (see feedbackLinks). */
  feedback: string;
  /** The bare unsubscribe token, for the mailto: List-Unsubscribe. */
  unsubscribeToken: string;
}

export function messageLinks(context: LinkContext, editionKey: string): MessageLinks {
  const base = trimBase(context.publicUrl);
  const token = (purpose: TokenPurpose, data?: string) => tokenFor(context, purpose, data);
  const unsubscribeToken = token('unsubscribe');
  let confirm: string | undefined;
  return {
    view: `${base}/d/${token('view', editionKey)}`,
    preferences: `${base}/preferences?token=${token('preferences')}`,
    unsubscribe: `${base}/unsubscribe?token=${unsubscribeToken}`,
    feed: `${base}/feed/${token('feed')}.atom`,
    subscribe: `${base}/subscribe`,
    // Signed when read: only a confirmation prints it, and a digest would
    // spend one HMAC of six on a link it never shows.
    get confirm() {
      return (confirm ??= `${base}/confirm?token=${token('confirm')}`);
    },
    feedback: `${base}/feedback?token=${token('feedback')}`,
    unsubscribeToken,
  };
}

/**
 * The links of a digest's web copy (`/d/<token>`), which is what a reader
 * forwards: the copy keeps its own address, and every link that would change
 * the reader's subscription (preferences, unsubscribe, their feed) leads to
 * the subscribe page instead, where whoever reads it can get a digest of
 * their own. The 👍/👎 buttons stay, as in the email: a vote changes no
 * setting, each one opens a page that says what it records, and the reader
 * can take any vote back on their preferences page.
 */
export function webCopyLinks(context: LinkContext, editionKey: string): MessageLinks {
  const base = trimBase(context.publicUrl);
  const subscribe = `${base}/subscribe`;
  return {
    view: `${base}/d/${tokenFor(context, 'view', editionKey)}`,
    preferences: subscribe,
    unsubscribe: subscribe,
    feed: subscribe,
    subscribe,
    confirm: subscribe,
    feedback: `${base}/feedback?token=${tokenFor(context, 'feedback')}`,
    unsubscribeToken: '',
  };
}

/**
 * A paper's 👍/👎 links. They share the message's feedback token, which
 * names the subscriber; the paper and the vote ride along unsigned. A vote
 * is the subscriber's own opinion and every paper's pair sits in the same
 * email, so signing each (two signatures a paper, on every render)
 * would protect nothing more.
 */
export function feedbackLinks(feedback: string, paperId: string): { up: string; down: string } {
  const paper = encodeURIComponent(paperId);
  return { up: `${feedback}&paper=${paper}&vote=up`, down: `${feedback}&paper=${paper}&vote=down` };
}

/** The link of a paper's title: its arXiv abstract page when it has an arXiv id, else its own URL when it is http(s), else a search on Hugging Face Papers. */
export function paperUrl(paper: { url: string | null; arxivId: string | null; title: string }): string {
  // The store keeps arXiv ids of this shape only (src/ingest/arxiv-id.ts); the test keeps a link from ever carrying anything else.
  if (paper.arxivId && /^(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?\/\d{7})$/.test(paper.arxivId)) return `https://arxiv.org/abs/${paper.arxivId}`;
  const own = httpUrl(paper.url);
  if (own) return own;
  // toWellFormed: a lone surrogate from a JSON dump would make encodeURIComponent throw.
  return `https://huggingface.co/papers?q=${encodeURIComponent(squash(paper.title).toWellFormed())}`;
}

/** The URL, normalised, if it parses as http: or https:; null otherwise (javascript:, data:, junk). */
export function httpUrl(value: string | null): string | null {
  if (!value) return null;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

function tokenFor(context: LinkContext, purpose: TokenPurpose, data?: string): string {
  return signToken(context.secret, {
    purpose,
    subscriberId: context.subscriberId,
    issuedAt: context.at,
    expiresAt: tokenExpiry(purpose, context.at),
    data,
  });
}

function trimBase(url: string): string {
  return url.replace(/\/+$/, '');
}
