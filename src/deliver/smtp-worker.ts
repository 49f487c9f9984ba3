// The SMTP thread: building each message's MIME (mime.ts) and the nodemailer
// pool run here, so that building, rendering and planning the next messages
// in the main thread overlap with sending these (see smtp-thread.ts). Each
// request is answered with the server's reply or the send error's fields,
// which classifySendError reads on the other side.

import { parentPort, workerData } from 'node:worker_threads';
import type { Message } from '../types.js';
import { createMailer, type Mailer, type SmtpOptions } from './smtp-mailer.js';

export type ThreadRequest = { options: SmtpOptions } | { id: number; message: Message; date: number } | { connect: number } | { close: true };
export type ThreadReply = { id: number; code: number; response: string } | { id: number; error: SendErrorFields };

/** What classifySendError reads of a nodemailer error, as data that crosses threads. */
export interface SendErrorFields {
  message: string;
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
}

const port = parentPort!;
// Started early (smtp-thread-early.ts), the thread gets its options as its
// first message, before any other: the mailer is there for every other request.
let mailer: Mailer | null = workerData ? createMailer(workerData as SmtpOptions) : null;

port.on('message', (request: ThreadRequest) => {
  if ('options' in request) {
    mailer = createMailer(request.options);
    return;
  }
  if ('close' in request) {
    mailer?.close();
    port.close();
    return;
  }
  if ('connect' in request) return mailer!.connect(request.connect);
  mailer!.send(request.message, new Date(request.date)).then(
    (accepted) => port.postMessage({ id: request.id, ...accepted } satisfies ThreadReply),
    (error: unknown) => port.postMessage({ id: request.id, error: errorFields(error) } satisfies ThreadReply),
  );
});

function errorFields(error: unknown): SendErrorFields {
  const e = (error ?? {}) as Partial<SendErrorFields>;
  const fields: SendErrorFields = { message: typeof e.message === 'string' ? e.message : String(error) };
  if (typeof e.code === 'string') fields.code = e.code;
  if (typeof e.responseCode === 'number') fields.responseCode = e.responseCode;
  if (typeof e.response === 'string') fields.response = e.response;
  if (typeof e.command === 'string') fields.command = e.command;
  return fields;
}
