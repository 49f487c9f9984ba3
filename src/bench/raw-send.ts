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

/** A fresh process's send, timed from its start to its exit. */
export interface RawCommandFigures extends RawSendFigures {
  /** When the process was started, in ms since the epoch. */
  startedAt: number;
}

/**
 * Distinct messages kept in memory at once: each is a finished message's
 * size (~70 KB), so 100,000 of them would be gigabytes no client holds; the
 * pool sends these over and over, each time to its own recipient.
 */
const DISTINCT_IN_MEMORY = 1000;

/** `count` messages like `template` (a finished .eml), each with its own Message-ID and envelope recipient. */
export function inMemoryMessages(template: Buffer, count: number): RawMessage[] {
  const text = template.toString('latin1');
  const id = /^Message-ID: *<([^>]+)>/im.exec(text);
  const from = /^From:.*<([^>]+)>/im.exec(text)?.[1] ?? 'bench@example.org';
  const distinct = Array.from({ length: Math.min(count, DISTINCT_IN_MEMORY) }, (_, i) => {
    if (!id) return template;
    // Of the same length, so every message is the template's size.
    const unique = `${i}`.padStart(id[1].length, '0').slice(-id[1].length);
    return Buffer.from(text.slice(0, id.index) + id[0].replace(id[1], unique) + text.slice(id.index + id[0].length), 'latin1');
  });
  return Array.from({ length: count }, (_, i) => ({ raw: distinct[i % distinct.length], from, to: `reader${i}@bench.example.org` }));
}

/** rawSend of `count` in-memory messages like the .eml file, in a fresh process (raw-memory-process.ts), timed as a whole command. */
export async function rawSendCommand(emlFile: string, url: string, connections: number, count: number): Promise<RawCommandFigures> {
  const script = fileURLToPath(import.meta.url).replace(/raw-send\.(ts|js)$/, 'raw-memory-process.$1');
  const startedAt = performance.timeOrigin + performance.now();
  const started = performance.now();
  const { code, stdout, stderr } = await startChild(script, [emlFile, url, String(connections), String(count)]).done;
  const ms = performance.now() - started;
  if (code !== 0) throw new Error(`the raw send (for the bench) exited with code ${code}: ${stderr.trim() || stdout.trim()}`);
  const { messages } = JSON.parse(stdout) as RawSendFigures;
  return { messages, ms: Math.round(ms), perSecond: Math.round(messages / (ms / 1000)), startedAt };
}

/** rawSend of `count` messages, an outbox's .eml files over and over, in a fresh process of its own (raw-process.ts), timed from its first send to its last. */
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
