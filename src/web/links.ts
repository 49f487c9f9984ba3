// Links the pages themselves hand out, signed like the links in emails.
// They are relative: a page's own links work whatever host served it.

import { signToken, tokenExpiry, TOKEN_LIFETIME_MS, type TokenPurpose, type VerifiedToken } from '../link-tokens.js';

export interface PageLinks {
  preferences: string;
  unsubscribe: string;
  feed: string;
  /** A fresh confirmation link: it brings back someone who just unsubscribed. */
  resubscribe: string;
}

/** The data of a confirmation link a page made: it may bring a subscriber back, but never applies a request. */
export const RESUBSCRIBE = 'resubscribe';

export function pageLinks(secret: string, subscriberId: number, now: Date): PageLinks {
  const token = (purpose: TokenPurpose, data?: string) => signToken(secret, { purpose, subscriberId, issuedAt: now, expiresAt: tokenExpiry(purpose, now), data });
  return {
    preferences: `/preferences?token=${token('preferences')}`,
    unsubscribe: `/unsubscribe?token=${token('unsubscribe')}`,
    feed: `/feed/${token('feed')}.atom`,
    resubscribe: `/confirm?token=${token('confirm', RESUBSCRIBE)}`,
  };
}

/** A 👍/👎 link as a digest spells it (render/links.ts): the subscriber's feedback token, then the paper and the vote. */
export function feedbackLink(secret: string, subscriberId: number, paperId: string, vote: 'up' | 'down', now: Date): string {
  return `/feedback?token=${signToken(secret, { purpose: 'feedback', subscriberId, issuedAt: now, expiresAt: null })}&paper=${encodeURIComponent(paperId)}&vote=${vote}`;
}

/**
 * When a confirmation link was signed: its expiry less the lifetime. The
 * renderer signs it at the digest's `at`, so this names the request it was
 * sent for (see saveSubscriptionRequest).
 */
export function confirmIssuedAt(token: VerifiedToken): Date {
  return new Date((token.expiresAt?.getTime() ?? 0) - (TOKEN_LIFETIME_MS.confirm ?? 0));
}
