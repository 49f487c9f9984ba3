// How a failed send is classified decides what happens to the delivery:
// temporary → try again later, permanent → failed (and counts toward a
// bounce), transport → the server could not be used at all (nobody's fault
// but the setup: never counts toward a bounce).

export type FailureKind = 'temporary' | 'permanent' | 'transport';

export interface SendFailure {
  kind: FailureKind;
  /** SMTP reply code, e.g. 451 or 550; null when the connection failed. */
  code: number | null;
  /** The server's text, or the socket error. */
  response: string;
  /** The SMTP command that failed (`RCPT TO`, `DATA`, `CONN`, …), when known. */
  command: string | null;
}

interface NodemailerError {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  message?: string;
}

const CONNECTION_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'EDNS', 'ETLS', 'EPROTOCOL']);

export function classifySendError(error: unknown): SendFailure {
  const e = (error ?? {}) as NodemailerError;
  const code = typeof e.responseCode === 'number' ? e.responseCode : null;
  const response = oneLine(e.response ?? e.message ?? String(error));
  const command = e.command ?? null;
  if (e.code === 'EAUTH') return { kind: 'transport', code, response, command: command ?? 'AUTH' };
  // Refused, unresolvable or failing TLS before a greeting (nodemailer says
  // command CONN): the setup is wrong or the server is down, and every
  // message would fail the same way.
  if (code === null && (command === 'CONN' || e.code === 'ECONNECTION' || e.code === 'EDNS')) {
    return { kind: 'transport', code, response, command: 'CONN' };
  }
  if (code !== null && code >= 500) return { kind: 'permanent', code, response, command };
  if (code !== null && code >= 400) return { kind: 'temporary', code, response, command };
  // No reply code: the connection dropped or never came up. A send on a
  // dropped connection may be retried: the server did not accept it.
  if (e.code && CONNECTION_CODES.has(e.code)) return { kind: 'temporary', code: null, response, command: command ?? 'CONN' };
  return { kind: 'temporary', code: null, response, command };
}

/** Server replies can span lines; stored and printed, they should not. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 500);
}
