export { createTransport } from './create-transport.js';
export { FileTransport, buildRaw } from './file-transport.js';
export { SmtpTransport, redact } from './smtp-transport.js';
export { Outbox, type DeliveryJob, type DeliveryOutcome, type OutboxOptions, type RetryPolicy } from './outbox.js';
export { classifySendError, type SendFailure, type FailureKind } from './smtp-error.js';
export type { Accepted, MailTransport } from './transport.js';
