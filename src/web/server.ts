// The web server for readers: built here, listened on by whoever hosts it
// (`paperboy start`). Every route lives in routes/, one file per page group;
// this file wires the maintained fastify plugins and the error pages.

import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { App } from '../app.js';
import type { MailTransport } from '../deliver/index.js';
import { PaperboyError } from '../errors.js';
import type { Renderer } from '../render/index.js';
import { parseSender } from '../render/index.js';
import { CANDIDATE_DAYS } from '../run/index.js';
import { problemView, toProblem } from './problems.js';
import { loadPages, type PageName, type Pages } from './pages.js';
import { RecentPapers } from './preview.js';
import { registerArchive } from './routes/archive.js';
import { registerConfirm } from './routes/confirm.js';
import { registerFeed } from './routes/feed.js';
import { registerFeedback } from './routes/feedback.js';
import { registerHealth } from './routes/health.js';
import { registerPreferences } from './routes/preferences.js';
import { registerStatic } from './routes/static.js';
import { registerSubscribe } from './routes/subscribe.js';
import { registerUnsubscribe } from './routes/unsubscribe.js';
import { verifyToken, type TokenPurpose, type VerifiedToken } from '../link-tokens.js';

export interface RateLimit {
  max: number;
  windowMs: number;
}

export interface WebLimits {
  /** Submissions of the subscribe form per client address, counted before any other check. */
  subscribe: RateLimit;
  /** Any request per client address (the health check excepted). */
  requests: RateLimit;
  /** 👍/👎 recorded per reader. */
  votes: RateLimit;
}

export interface WebDeps {
  app: App;
  renderer: Renderer;
  transport: MailTransport;
  /** The HMAC key of every link (loadSecret). */
  secret: string;
  limits?: Partial<WebLimits>;
  /**
   * Fastify's trustProxy: set it when a reverse proxy stands in front, so
   * that rate limits count the client's address, not the proxy's.
   */
  trustProxy?: boolean | string | string[];
}

export const DEFAULT_LIMITS: WebLimits = {
  subscribe: { max: 10, windowMs: 10 * 60_000 },
  requests: { max: 300, windowMs: 60_000 },
  votes: { max: 120, windowMs: 60 * 60_000 },
};

/** A page's fields; `title` goes into the layout's <title>. */
export type PageView = { title: string } & Record<string, unknown>;

/** What every route module gets: the dependencies and the page helpers. */
export interface WebContext {
  readonly app: App;
  readonly renderer: Renderer;
  readonly transport: MailTransport;
  readonly secret: string;
  readonly pages: Pages;
  readonly brand: string;
  readonly publicUrl: string;
  readonly recent: RecentPapers;
  /** The run's candidate window, for a web copy to add the papers its email had no room for. */
  readonly candidateWindow: RecentPapers;
  readonly limits: WebLimits;
  /** Sends a page; the layout's fields (title, brand) are filled in. */
  page(reply: FastifyReply, name: PageName, view: PageView, status?: number): FastifyReply;
  /** The `?token=` of the request, verified for one purpose; throws PB_TOKEN_INVALID or PB_TOKEN_EXPIRED. */
  token(request: FastifyRequest, purpose: TokenPurpose): VerifiedToken;
  verify(token: unknown, purpose: TokenPurpose): VerifiedToken;
}

/** Builds the server (not listening). Templates are read and compiled here, so a broken one stops start-up. */
export async function createWebServer(deps: WebDeps): Promise<FastifyInstance> {
  const limits: WebLimits = { ...DEFAULT_LIMITS, ...deps.limits };
  const publicUrl = deps.app.config.web.publicUrl.replace(/\/+$/, '');
  const https = publicUrl.startsWith('https:');
  const pages = loadPages();
  const context = webContext(deps, pages, limits, publicUrl);

  const server = Fastify({
    // pino's Logger is a FastifyBaseLogger; naming it so keeps the instance the plain FastifyInstance callers expect.
    loggerInstance: deps.app.log as FastifyBaseLogger,
    // Request URLs carry tokens: fastify's own request log would write them out.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: deps.trustProxy ?? false,
    bodyLimit: 64 * 1024,
    // Tokens travel as path segments (/d/<token>, /feed/<token>.atom) and run past the default 100.
    routerOptions: { maxParamLength: 1000 },
  });

  await server.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'"],
        'img-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        'base-uri': ["'none'"],
        'object-src': ["'none'"],
        ...(https ? { 'upgrade-insecure-requests': [] } : {}),
      },
    },
    // Links carry tokens: never let them leak to another site in a Referer.
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: https ? undefined : false,
  });
  await server.register(cookie);
  await server.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieOpts: { path: '/', sameSite: 'strict', httpOnly: true, secure: https },
  });
  await server.register(formbody);
  await server.register(rateLimit, {
    global: true,
    max: limits.requests.max,
    timeWindow: limits.requests.windowMs,
    errorResponseBuilder: (_request, rate) => {
      const error = new Error(`You sent too many requests. Wait ${rate.after} and try again.`) as Error & { statusCode: number };
      error.statusCode = rate.statusCode;
      return error;
    },
  });

  server.addHook('onSend', async (request, reply, payload) => {
    // Pages hold tokens and personal settings: no cache keeps them, unless a route said otherwise.
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
  server.addHook('onResponse', async (request, reply) => {
    deps.app.log.debug({ method: request.method, route: request.routeOptions.url ?? '(none)', status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'web request');
  });

  server.setErrorHandler((error, request, reply) => {
    const problem = toProblem(error);
    if (problem.status >= 500) deps.app.log.error({ err: error, route: request.routeOptions.url }, 'web request failed');
    if (problem.json || wantsJson(request)) {
      return reply.code(problem.status).type('application/json; charset=utf-8').send({ ok: false, error: problem.message });
    }
    return context.page(reply, 'problem', problemView(problem), problem.status);
  });
  server.setNotFoundHandler((request, reply) => {
    return context.page(reply, 'problem', problemView(toProblem(new PaperboyError('PB_NOT_FOUND', 'there is no page at this address'))), 404);
  });

  registerStatic(server, context);
  registerSubscribe(server, context);
  registerConfirm(server, context);
  registerPreferences(server, context);
  registerUnsubscribe(server, context);
  registerFeedback(server, context);
  registerArchive(server, context);
  registerFeed(server, context);
  registerHealth(server, context);
  return server;
}

function webContext(deps: WebDeps, pages: Pages, limits: WebLimits, publicUrl: string): WebContext {
  const brand = parseSender(deps.app.config.delivery.from).brand;
  const verify = (token: unknown, purpose: TokenPurpose) => verifyToken(deps.secret, typeof token === 'string' ? token : '', purpose, deps.app.clock.now());
  return {
    app: deps.app,
    renderer: deps.renderer,
    transport: deps.transport,
    secret: deps.secret,
    pages,
    brand,
    publicUrl,
    recent: new RecentPapers(deps.app.db),
    candidateWindow: new RecentPapers(deps.app.db, CANDIDATE_DAYS),
    limits,
    page(reply, name, view, status = 200) {
      return reply.code(status).type('text/html; charset=utf-8').send(pages.render(name, { brand, ...view }));
    },
    token(request, purpose) {
      return verify((request.query as Record<string, unknown> | undefined)?.token, purpose);
    },
    verify,
  };
}

function wantsJson(request: FastifyRequest): boolean {
  return request.routeOptions.url === '/healthz' || request.routeOptions.url === '/preferences/preview';
}
