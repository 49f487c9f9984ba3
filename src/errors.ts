// One registry of failure kinds. Each has a stable code that tests and
// scripts can rely on, and the exit code the CLI uses for it.

export const ERRORS = {
  PB_CONFIG_FILE: { exit: 2, http: 500 },
  PB_CONFIG_KEY: { exit: 2, http: 500 },
  PB_USAGE: { exit: 2, http: 400 },
  PB_DUMP_UNREADABLE: { exit: 1, http: 500 },
  PB_DUMP_NOT_FOUND: { exit: 1, http: 500 },
  PB_SOURCE_FAILED: { exit: 1, http: 502 },
  PB_QUERY_SYNTAX: { exit: 2, http: 400 },
  PB_SUBSCRIBER_INVALID: { exit: 2, http: 400 },
  PB_SUBSCRIBER_UNKNOWN: { exit: 1, http: 404 },
  PB_INIT_EXISTS: { exit: 1, http: 500 },
  PB_STORE: { exit: 1, http: 500 },
  PB_TEMPLATE: { exit: 2, http: 500 },
  PB_TOKEN_INVALID: { exit: 1, http: 400 },
  PB_TOKEN_EXPIRED: { exit: 1, http: 410 },
  PB_NOT_FOUND: { exit: 1, http: 404 },
  PB_TRANSPORT: { exit: 1, http: 500 },
  PB_LEASE_HELD: { exit: 1, http: 500 },
  PB_BOUNCE_MAILBOX: { exit: 1, http: 500 },
} as const;

export type ErrorCode = keyof typeof ERRORS;

export class PaperboyError extends Error {
  readonly code: ErrorCode;
  /** 1-based line of the input the error is about (a dump, a config file), when there is one. */
  readonly line: number | undefined;
  /** 1-based column of the input the error is about (a profile query), when there is one. */
  readonly column: number | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options?: { cause?: unknown; line?: number; column?: number },
  ) {
    super(message, options);
    this.name = 'PaperboyError';
    this.code = code;
    this.line = options?.line;
    this.column = options?.column;
  }

  get exitCode(): number {
    return ERRORS[this.code].exit;
  }

  get httpStatus(): number {
    return ERRORS[this.code].http;
  }
}

export function isPaperboyError(error: unknown, code?: ErrorCode): error is PaperboyError {
  return error instanceof PaperboyError && (code === undefined || error.code === code);
}
