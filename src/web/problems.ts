// Every failure a reader can meet, as a page that says what happened and
// what to do. Messages never name a subscriber: a bad or foreign token gets
// the same page whoever it was made for.

import { isPaperboyError, type ErrorCode } from '../errors.js';

export interface Problem {
  status: number;
  heading: string;
  message: string;
  actions: { href: string; label: string }[];
  /** Answer in JSON (set for JSON endpoints by the caller). */
  json?: boolean;
}

const SUBSCRIBE = { href: '/subscribe', label: 'Subscribe' };
const ARCHIVE = { href: '/archive', label: 'Browse the archive' };

const HEADINGS: Partial<Record<ErrorCode, string>> = {
  PB_TOKEN_INVALID: 'This link does not work',
  PB_TOKEN_EXPIRED: 'This link has expired',
  PB_SUBSCRIBER_UNKNOWN: 'No such subscription',
  PB_TRANSPORT: 'We could not send the email',
  PB_NOT_FOUND: 'Nothing here',
};

export function toProblem(error: unknown, status?: number): Problem {
  if (isPaperboyError(error)) {
    const code = status ?? error.httpStatus;
    if (code >= 500 && error.code !== 'PB_TRANSPORT') return serverProblem();
    return {
      status: error.code === 'PB_TRANSPORT' ? 503 : code,
      heading: HEADINGS[error.code] ?? (code === 404 ? 'Page not found' : 'That did not work'),
      message: sentence(error.message),
      actions: [SUBSCRIBE, ARCHIVE],
    };
  }
  const fastifyError = error as { code?: string; statusCode?: number; message?: string };
  if (fastifyError.code === 'FST_CSRF_INVALID_TOKEN' || fastifyError.code === 'FST_CSRF_MISSING_SECRET') {
    return {
      status: 403,
      heading: 'This form has expired',
      message: 'Go back, reload the page and send the form again. Forms here need your browser to accept this site’s cookie.',
      actions: [],
    };
  }
  const code = fastifyError.statusCode ?? 500;
  if (code === 429) {
    return { status: 429, heading: 'Too many requests', message: fastifyError.message ?? 'Wait a few minutes and try again.', actions: [] };
  }
  if (code === 413) return { status: 413, heading: 'That was too much text', message: 'Shorten what you typed and send it again.', actions: [] };
  if (code >= 400 && code < 500) {
    return { status: code, heading: 'That did not work', message: 'The request could not be read. Go back, reload the page and try again.', actions: [SUBSCRIBE] };
  }
  return serverProblem();
}

export function problemView(problem: Problem): { title: string; heading: string; message: string; actions: Problem['actions']; status: number } {
  return { title: problem.heading, heading: problem.heading, message: problem.message, actions: problem.actions, status: problem.status };
}

function serverProblem(): Problem {
  return {
    status: 500,
    heading: 'Something went wrong on our side',
    message: 'Nothing you did caused this. Please try again in a few minutes.',
    actions: [],
  };
}

/** `this link is not valid: … — use …` → `This link is not valid: … — use ….` */
function sentence(message: string): string {
  const first = message.split('\n')[0];
  const capital = first.charAt(0).toUpperCase() + first.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
