// The yardstick a whole run is held to: finished MIME messages pushed
// through a plain nodemailer pool, so that nothing but SMTP (and the
// server) is timed. `paperboy bench` measures it on the same messages as
// its run; bench/raw-send.ts does it for a folder of .eml files.

import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import { startChild } from './child.js';

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

/** Writes finished messages as .eml files, as a file outbox holds them, for readOutbox. */
export function writeOutbox(dir: string, messages: readonly RawMessage[]): void {
  mkdirSync(dir, { recursive: true });
  messages.forEach((message, i) => writeFileSync(join(dir, `${String(i).padStart(6, '0')}.eml`), message.raw));
}

/** rawSend of `count` messages, an outbox's .eml files over and over, in a fresh process of its own (raw-process.ts). */
export async function rawSendInChild(dir: string, url: string, connections: number, count: number): Promise<RawSendFigures> {
  const script = fileURLToPath(import.meta.url).replace(/raw-send\.(ts|js)$/, 'raw-process.$1');
  const { code, stdout, stderr } = await startChild(script, [dir, url, String(connections), String(count)]).done;
  if (code !== 0) throw new Error(`the raw send (for the bench) exited with code ${code}: ${stderr.trim() || stdout.trim()}`);
  return JSON.parse(stdout) as RawSendFigures;
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
