export { createTransport } from './create-transport.js';
export { FileTransport } from './file-transport.js';
export { SmtpTransport, redact } from './smtp-transport.js';
export { Outbox, type DeliveryJob, type DeliveryOutcome, type OutboxOptions, type RetryPolicy } from './outbox.js';
export { classifySendError, type SendFailure, type FailureKind } from './smtp-error.js';
export { buildMime } from './mime.js';
export { envelopeOf } from './smtp-mailer.js';
export { signDkim, type DkimOptions } from './mail-options.js';
export type { Accepted, MailTransport } from './transport.js';
// The bounce mailbox (bounce-mailbox.ts, with bounce-mail.ts and
// bounce-handler.ts) is not exported here: imapflow and mailparser are slow
// to load, a cost every command that sends would pay. Import it by
// its path, as app.ts does, when a mailbox is read.
export { toEml, type EmlOptions } from './eml.js';
