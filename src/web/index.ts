// The web stage: pages for readers (subscribe, confirm, preferences with a
// live preview, unsubscribe, feedback, archive, Atom feed, health check).
export { createWebServer, DEFAULT_LIMITS, type WebDeps, type WebLimits, type RateLimit } from './server.js';
export { signToken, verifyToken, tokenExpiry, TOKEN_PURPOSES, TOKEN_LIFETIME_MS, type TokenPurpose, type TokenClaims, type VerifiedToken } from '../link-tokens.js';
