export { createTransport } from './create-transport.js';
export { FileTransport } from './file-transport.js';
export { SmtpTransport, redact } from './smtp-transport.js';
export { Outbox, type DeliveryJob, type DeliveryOutcome, type OutboxOptions, type RetryPolicy } from './outbox.js';
export { classifySendError, type SendFailure, type FailureKind } from './smtp-error.js';
export { toEml, type EmlOptions } from './eml.js';
export type { DkimOptions } from './mail-options.js';
export type { Accepted, MailTransport } from './transport.js';
// Not exported here, so that a command that does not use them does not load
// them: the bounce mailbox (bounce-mailbox.ts, with bounce-mail.ts and
// bounce-handler.ts: imapflow and mailparser, slow to load; import it by its
// path, as app.ts does, when a mailbox is read), and MIME, DKIM and the SMTP
// pool (mime.ts, mail-options.ts, smtp-mailer.ts: nodemailer, see eml.ts).
