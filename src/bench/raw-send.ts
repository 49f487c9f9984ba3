// The yardstick a whole run is held to: finished MIME messages pushed
// through a plain nodemailer pool, so that nothing but SMTP (and the
// server) is timed. `paperboy bench` measures it on the same messages as
// its run; bench/raw-send.ts does it for a folder of .eml files.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import nodemailer from 'nodemailer';

export interface RawMessage {
  raw: Buffer;
  from: string;
  to: string;
}

export interface RawSendFigures {
  messages: number;
  ms: number;
  perSecond: number;
}

/** The .eml files of a file outbox, with the envelope read from their From and To headers. */
export function readOutbox(dir: string): RawMessage[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.eml'))
    .sort()
    .map((name) => {
      const raw = readFileSync(join(dir, name));
      const head = raw.subarray(0, raw.indexOf('\r\n\r\n')).toString().replace(/\r\n[ \t]+/g, ' ');
      const header = (field: string) => {
        const value = new RegExp(`^${field}:(.*)$`, 'im').exec(head)?.[1] ?? '';
        return /<([^>]+)>/.exec(value)?.[1] ?? value.trim();
      };
      return { raw, from: header('From'), to: header('To') };
    });
}

/** Sends every message over `connections` pooled connections, twice as many kept in flight so none waits. */
export async function rawSend(messages: readonly RawMessage[], url: string, connections: number, onProgress?: (done: number) => void): Promise<RawSendFigures> {
  const transport = nodemailer.createTransport({ url, pool: true, maxConnections: connections, maxMessages: Infinity } as Parameters<typeof nodemailer.createTransport>[0]);
  try {
    const started = performance.now();
    let next = 0;
    let done = 0;
    const sender = async () => {
      while (next < messages.length) {
        const message = messages[next++];
        await transport.sendMail({ envelope: { from: message.from, to: [message.to] }, raw: message.raw });
        onProgress?.(++done);
      }
    };
    await Promise.all(Array.from({ length: connections * 2 }, sender));
    const ms = performance.now() - started;
    return { messages: messages.length, ms: Math.round(ms), perSecond: Math.round(messages.length / (ms / 1000)) };
  } finally {
    transport.close();
  }
}
