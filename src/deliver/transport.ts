import type { Message } from '../types.js';

/** The server's answer to an accepted message. */
export interface Accepted {
  code: number;
  response: string;
}

/** The smallest interface the outbox needs: hand over one message, learn if it was accepted. */
export interface MailTransport {
  /** For logs and errors, e.g. `smtp://mail.example.org:587` (never with credentials). */
  readonly label: string;
  /** Resolves when the server accepted the message; rejects with the server's error otherwise. */
  send(message: Message, date: Date): Promise<Accepted>;
  /**
   * Sends are coming: start what they need (the SMTP thread) now, so that it
   * gets ready while the caller ingests and matches, not after.
   */
  prepare?(): void;
  /**
   * About this many messages are coming: open the connections they will use
   * (no more than the pool's) while they are built, so that the first does
   * not also wait for the server's greeting.
   */
  connectAhead?(messages: number): void;
  close(): Promise<void>;
}
