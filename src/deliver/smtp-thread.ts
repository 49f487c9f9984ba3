// The main thread's side of the SMTP thread. Sending a digest costs CPU
// (building its MIME, then nodemailer's DKIM signing, dot-stuffing and socket
// work); in its own thread that work runs on another core, alongside the
// build, render and store work of the next messages, instead of taking turns
// with it. Semantics are unchanged: send() resolves once the server accepted
// the message and rejects with the server's error otherwise.

import { Worker } from 'node:worker_threads';
import type { Message } from '../types.js';
import type { Mailer, SmtpOptions } from './smtp-mailer.js';
import type { SendErrorFields, ThreadReply, ThreadRequest } from './smtp-worker.js';
import type { Accepted } from './transport.js';
import { takeEarlySmtpThread } from './smtp-thread-early.js';

interface Pending {
  resolve: (accepted: Accepted) => void;
  reject: (error: Error) => void;
}

export class SmtpThread implements Mailer {
  readonly #options: SmtpOptions;
  readonly #pending = new Map<number, Pending>();
  #worker: Worker | undefined;
  #exited: Promise<void> | undefined;
  #closing = false;
  #nextId = 0;

  constructor(options: SmtpOptions) {
    this.#options = options;
  }

  send(message: Message, date: Date): Promise<Accepted> {
    if (this.#closing) return Promise.reject(new Error('the SMTP transport is closed'));
    const worker = this.#start();
    const id = ++this.#nextId;
    return new Promise<Accepted>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      // A pending send keeps the process alive, as an open connection would.
      if (this.#pending.size === 1) worker.ref();
      // The Message as it is, strings and all. Handing the bodies over as
      // bytes would cost the main thread more, not less: cloning copies a
      // string as it is (the HTML one byte a character, render/ascii-html.ts),
      // while encoding it is work the SMTP thread does anyway as it writes
      // the MIME.
      worker.postMessage({ id, message, date: date.getTime() } satisfies ThreadRequest);
    });
  }

  /**
   * Starts the thread (or adopts the one started early) ahead of the first
   * send, so that it loads nodemailer while a run ingests and matches.
   */
  prepare(): void {
    if (!this.#closing) this.#start();
  }

  /** Starts the thread if need be, and has it open up to `count` connections ahead of the messages. */
  connect(count: number): void {
    if (!this.#closing) this.#start().postMessage({ connect: count } satisfies ThreadRequest);
  }

  close(): void {
    void this.closed();
  }

  /**
   * Closes the connections and ends the thread. A send still in flight fails,
   * as it would if the pool were closed in this thread: the outbox keeps it
   * for a retry.
   */
  async closed(): Promise<void> {
    const worker = this.#worker;
    if (!worker) return;
    if (!this.#closing) {
      this.#closing = true;
      const error = new Error('the SMTP transport was closed while the message was being sent');
      for (const pending of this.#pending.values()) pending.reject(error);
      this.#pending.clear();
      worker.postMessage({ close: true } satisfies ThreadRequest);
    }
    // Unreferenced, the thread would let a process with nothing else to do
    // end here, before the connections said goodbye and before whatever the
    // caller does next (a command printing its report): wait for it instead.
    worker.ref();
    await this.#exited;
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const early = takeEarlySmtpThread();
    const worker = early ?? spawn(this.#options);
    if (early) early.postMessage({ options: this.#options } satisfies ThreadRequest);
    worker.unref();
    worker.on('message', (reply: ThreadReply) => this.#settle(reply));
    this.#exited = new Promise<void>((resolve) => {
      worker.once('exit', (code) => {
        resolve();
        if (!this.#closing) this.#lost(new Error(`the SMTP thread exited (code ${code}) with messages in flight`));
      });
    });
    worker.once('error', (error) => this.#lost(error));
    this.#worker = worker;
    return worker;
  }

  #settle(reply: ThreadReply): void {
    const pending = this.#pending.get(reply.id);
    if (!pending) return;
    this.#pending.delete(reply.id);
    if (this.#pending.size === 0) this.#worker?.unref();
    if ('error' in reply) pending.reject(sendError(reply.error));
    else pending.resolve({ code: reply.code, response: reply.response });
  }

  /**
   * The thread died with messages handed over: the server may or may not
   * have them. Failing those sends would have them retried and maybe sent
   * twice; the process ends instead, as it would if nodemailer had thrown in
   * the main thread, and the deliveries stay `sending` (later `unknown`).
   */
  #lost(error: Error): void {
    if (this.#pending.size === 0) return;
    this.#pending.clear();
    process.nextTick(() => {
      throw error;
    });
  }
}

function sendError(fields: SendErrorFields): Error {
  const { message, ...rest } = fields;
  return Object.assign(new Error(message), rest);
}

/** From source (tsx, vitest) the worker is a .ts file and needs tsx's loader; from dist/ it is plain .js. */
function spawn(options: SmtpOptions): Worker {
  const script = new URL(import.meta.url.endsWith('.ts') ? './smtp-worker.ts' : './smtp-worker.js', import.meta.url);
  if (!script.href.endsWith('.ts')) return new Worker(script, { workerData: options });
  const bootstrap = `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))}; register(); await import(${JSON.stringify(script.href)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`), { workerData: options });
}
