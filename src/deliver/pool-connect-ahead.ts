// Opening a nodemailer pool's connections before its first message. A
// server may hold its greeting back on purpose (smtp-server waits 100 ms to
// catch clients that talk too early; Postfix's postscreen can wait seconds),
// and the pool only connects once a message is queued, so the first message
// of a run would wait for that on top of being built. nodemailer has no
// public call for it: this leans on SMTPPool's `_createConnection` and
// `_connections` and on a resource's `connect` and `_release` (nodemailer
// 10), and does nothing where they are missing.

import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';

interface PoolResource {
  available: boolean;
  connect(callback: (error: Error | null) => void): void;
  _release(): void;
}

interface PoolInternals {
  _connections?: unknown[];
  _createConnection?: () => PoolResource;
  options?: { maxConnections?: number };
}

/**
 * Connects up to `count` more of the pool's connections (no more than its
 * maxConnections) and hands each to the pool once the server has greeted
 * it. A connection that fails is dropped by the pool as usual: the message
 * that would have used it connects again, and that send reports the error.
 */
export function connectAhead(pool: SMTPPool, count: number): void {
  const internals = pool as unknown as PoolInternals;
  if (typeof internals._createConnection !== 'function' || !Array.isArray(internals._connections)) return;
  const room = (internals.options?.maxConnections ?? 1) - internals._connections.length;
  for (let i = 0; i < Math.min(count, room); i++) {
    const resource = internals._createConnection.call(pool);
    // Not handed a message while it connects: its send would connect a second time.
    resource.available = false;
    resource.connect((error) => {
      if (!error) resource._release();
    });
  }
}
