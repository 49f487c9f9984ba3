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
  close(): Promise<void>;
}
