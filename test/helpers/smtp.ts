import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

/** A fault the test server answers with: an SMTP reply code and text, optionally dropping the connection. */
export interface Fault {
  code: number;
  message: string;
}

export interface TestSmtpOptions {
  /** Answer for RCPT TO of this address, or null to accept. */
  onRcpt?: (address: string) => Fault | null;
  /** Answer after the n-th DATA (1-based, counting every attempt), or null to accept. */
  onData?: (n: number, recipients: string[]) => Fault | null;
  /** Milliseconds to wait before answering each DATA. */
  delayMs?: number;
  /** Awaited before answering each DATA: holds messages in flight until the test lets them go. */
  gate?: () => Promise<void>;
}

/** A real SMTP server on a free loopback port that keeps every accepted message, parsed. */
export class TestSmtpServer {
  readonly received: ParsedMail[] = [];
  readonly raw: Buffer[] = [];
  /** MAIL FROM of each accepted message, in the same order. */
  readonly mailFrom: string[] = [];
  /** The session of each connection the server greeted, in order; and the session each accepted message came over. */
  readonly sessions: string[] = [];
  readonly messageSessions: string[] = [];
  #server: SMTPServer;
  #dataCount = 0;
  port = 0;

  constructor(options: TestSmtpOptions = {}) {
    this.#server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onConnect: (session, callback) => {
        this.sessions.push(session.id);
        callback();
      },
      onRcptTo: (address, _session, callback) => {
        const fault = options.onRcpt?.(address.address) ?? null;
        callback(fault ? smtpError(fault) : undefined);
      },
      onData: (stream, session: SMTPServerSession, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', async () => {
          const n = ++this.#dataCount;
          if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
          await options.gate?.();
          const fault = options.onData?.(n, session.envelope.rcptTo.map((r) => r.address)) ?? null;
          if (fault) return callback(smtpError(fault));
          const raw = Buffer.concat(chunks);
          this.raw.push(raw);
          this.mailFrom.push(session.envelope.mailFrom ? session.envelope.mailFrom.address : '');
          this.messageSessions.push(session.id);
          this.received.push(await simpleParser(raw));
          callback();
        });
      },
    });
  }

  async start(): Promise<this> {
    // A client killed mid-session (the crash test does that) resets its socket: not a failure of the server.
    this.#server.on('error', () => {});
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.port = (this.#server.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** How many accepted messages went to each address. */
  countsByRecipient(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const mail of this.received) {
      const to = (Array.isArray(mail.to) ? mail.to : [mail.to]).flatMap((a) => a?.value ?? []).map((a) => a.address!.toLowerCase());
      for (const address of to) counts.set(address, (counts.get(address) ?? 0) + 1);
    }
    return counts;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

function smtpError(fault: Fault): Error {
  return Object.assign(new Error(fault.message), { responseCode: fault.code });
}
