// The nodemailer pool behind SmtpTransport, wherever it runs: in the
// caller's thread, or in the SMTP thread (smtp-worker.ts).

import { Readable } from 'node:stream';
import addressparser from 'nodemailer/lib/addressparser/index.js';
import DKIM from 'nodemailer/lib/dkim/index.js';
import MimeNode from 'nodemailer/lib/mime-node/index.js';
import SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import { remembering } from '../remember.js';
import type { Message } from '../types.js';
import { dkimOptions, type DkimOptions } from './mail-options.js';
import { installFastDotStuffing, vouchForMime } from './dot-stuffing.js';
import { buildMime } from './mime.js';
import { connectAhead } from './pool-connect-ahead.js';
import type { Accepted } from './transport.js';

export interface SmtpOptions {
  url: string;
  maxConnections: number;
  /** Messages per second over all connections. */
  rateLimit: number;
  dkim?: DkimOptions;
  /** Milliseconds without an answer before a send fails as temporary. */
  socketTimeout?: number;
}

export interface Mailer {
  send(message: Message, date: Date): Promise<Accepted>;
  /** Opens up to this many connections (no more than maxConnections) ahead of the messages that will use them. */
  connect(count: number): void;
  close(): void;
}

/**
 * A pooled SMTP client: at most `maxConnections` connections, shared rate
 * limit. nodemailer's own pool, fed finished messages directly: its
 * sendMail would wrap each in a Mail, a composer and a MIME node with a
 * stream pipeline of their own, only to send the bytes as they are.
 */
export function createMailer(options: SmtpOptions): Mailer {
  installFastDotStuffing();
  const pool = new SMTPPool({
    url: options.url,
    pool: true,
    maxConnections: options.maxConnections,
    maxMessages: Infinity,
    rateDelta: 1000,
    rateLimit: options.rateLimit,
    socketTimeout: options.socketTimeout ?? 60_000,
    greetingTimeout: 15_000,
    connectionTimeout: 15_000,
  } as ConstructorParameters<typeof SMTPPool>[0]);
  // Signs the raw message as it streams out, the headers as we wrote them.
  const dkim = options.dkim ? new DKIM(dkimOptions(options.dkim)) : null;
  return {
    send(message, date) {
      const raw = buildMime(message, date);
      const mail = pooledMail(raw, message, dkim);
      return new Promise<Accepted>((resolve, reject) => {
        // The pool reads only what pooledMail holds of nodemailer's MailMessage.
        pool.send(mail as never, (error: Error | null, info?: { response?: string }) => {
          if (error) return reject(error);
          const response = String(info?.response ?? '250');
          resolve({ code: Number.parseInt(response, 10) || 250, response });
        });
      });
    },
    connect: (count) => connectAhead(pool, count),
    close: () => pool.close(),
  };
}

/**
 * What nodemailer's pool reads of a queued mail: the envelope, the
 * Message-ID for its logs, and a fresh stream of the bytes for each attempt
 * (a message whose connection closed before it was read goes out on another).
 */
function pooledMail(raw: Buffer, message: Message, dkim: DKIM | null) {
  const envelope = normalEnvelope(envelopeOf(message), message.envelopeFrom !== undefined);
  return {
    data: {},
    message: {
      getEnvelope: () => ({ from: envelope.from, to: [...envelope.to] }),
      messageId: () => message.messageId,
      getHeader: (name: string) => (name.toLowerCase() === 'message-id' ? message.messageId : undefined),
      createReadStream: () => {
        const stream = new Readable({ read() {} });
        if (!dkim) vouchForMime(raw);
        stream.push(raw);
        stream.push(null);
        return dkim ? dkim.sign(stream) : stream;
      },
    },
  };
}

// The envelope's addresses exactly as nodemailer's sendMail gave them (its
// parsing and clean-up of each address): the same MIME node code, one node
// reused, as setEnvelope starts afresh on every call. The sender is the
// same in every message, so it is worked out once.
const ENVELOPE = new MimeNode();

const normalFrom = remembering((from) => (ENVELOPE.setEnvelope({ from, to: [] }).getEnvelope() as { from: string | false }).from || '', 100);

function normalEnvelope(envelope: { from: string; to: string[] }, verp: boolean): { from: string; to: string[] } {
  const { to } = ENVELOPE.setEnvelope({ to: envelope.to }).getEnvelope() as { to: string[] };
  // A VERP address is ours and plain ASCII already, and new in every message: not worth remembering.
  return { from: verp ? envelope.from : normalFrom(envelope.from), to };
}

/** MAIL FROM and RCPT TO: the VERP address (else the From address) and the To address, one recipient per message. */
export function envelopeOf(message: Pick<Message, 'from' | 'to' | 'envelopeFrom'>): { from: string; to: string[] } {
  return { from: message.envelopeFrom ?? senderAddress(message.from), to: [addressOf(message.to)] };
}

/** `"Ada" <ada@example.org>` → `ada@example.org`; left as it is when it holds no address, for nodemailer to refuse. */
function addressOf(value: string): string {
  const [first] = addressparser(value, { flatten: true });
  return first?.address || value;
}

/** addressOf for the From header, the same in every message: parsed once. */
const senderAddress = remembering(addressOf, 100);
