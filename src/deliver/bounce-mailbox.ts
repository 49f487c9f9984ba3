// One pass over the bounce mailbox (IMAP, imapflow): every mail not looked
// at before is read (BODY.PEEK: its \Seen flag stays as it was), handled,
// and then moved to the handled folder: never deleted. A mail left for a
// person stays where it is, marked with a keyword of ours so later passes
// skip it; its unread state is the person's.

import { ImapFlow } from 'imapflow';
import type { Logger } from 'pino';
import { PaperboyError } from '../errors.js';
import type { Db } from '../store/index.js';
import { readBounceMail, type ReadMail } from './bounce-mail.js';
import { handleBounceMail, type MailOutcome } from './bounce-handler.js';

/** The keyword on mail left for a person. */
export const LEFT_KEYWORD = '$PaperboyLeft';

export interface BouncePassOptions {
  db: Db;
  /** `imaps://user:pass@host[:port]/MAILBOX`, or `imap://` for a server on the same host. */
  url: string;
  /** Where handled mail goes. */
  folder: string;
  secret: string;
  localPart: string;
  now: () => Date;
  log: Logger;
  /** TLS options for imaps:// (tests pass a CA); the system's by default. */
  tls?: { rejectUnauthorized?: boolean; ca?: string };
}

export interface BouncePassReport {
  mailbox: string;
  /** Mails looked at in this pass. */
  read: number;
  bounce: number;
  delay: number;
  complaint: number;
  unsubscribe: number;
  /** Handled by an earlier pass that stopped before moving them: moved now, changed nothing. */
  seenBefore: number;
  /** Left for a person, with why. */
  left: { from: string; subject: string; reason: string }[];
  /** Readers suppressed in this pass, with why. */
  suppressed: { email: string; reason: string }[];
}

export async function readBounceMailbox(options: BouncePassOptions): Promise<BouncePassReport> {
  const target = imapTarget(options.url);
  const report: BouncePassReport = { mailbox: target.label, read: 0, bounce: 0, delay: 0, complaint: 0, unsubscribe: 0, seenBefore: 0, left: [], suppressed: [] };
  const client = new ImapFlow({
    host: target.host,
    port: target.port,
    secure: target.secure,
    auth: { user: target.user, pass: target.pass },
    logger: false,
    disableAutoIdle: true,
    tls: options.tls,
  });
  // A dropped connection is reported by the command that was waiting on it.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    throw mailboxError(target.label, 'cannot log in', error);
  }
  try {
    await ensureFolder(client, options.folder).catch((error: unknown) => {
      throw mailboxError(target.label, `cannot create the folder ${options.folder} for handled mail`, error);
    });
    const lock = await client.getMailboxLock(target.mailbox).catch((error: unknown) => {
      throw mailboxError(target.label, `cannot open mailbox ${target.mailbox}`, error);
    });
    try {
      const uids = (await client.search({ unKeyword: LEFT_KEYWORD }, { uid: true })) || [];
      for (const uid of uids) {
        // What was handled before stays handled; the next pass picks up from this mail.
        await handleOne(client, uid, options, report).catch((error: unknown) => {
          throw error instanceof PaperboyError ? error : mailboxError(target.label, `stopped at mail UID ${uid}`, error);
        });
      }
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => {});
  }
  return report;
}

async function handleOne(client: ImapFlow, uid: number, options: BouncePassOptions, report: BouncePassReport): Promise<void> {
  const message = await client.fetchOne(String(uid), { source: true }, { uid: true });
  if (!message || !message.source) return;
  report.read++;
  let read: ReadMail;
  try {
    read = await readBounceMail(message.source, { secret: options.secret, localPart: options.localPart });
  } catch (error) {
    // A mail we cannot parse is the mail's problem, not the pass's: a person gets it, the rest goes on.
    report.left.push({ from: '', subject: '', reason: `could not be read (${(error as Error).message})` });
    await client.messageFlagsAdd(String(uid), [LEFT_KEYWORD], { uid: true });
    return;
  }
  const outcome = await handleBounceMail(options.db, read, { secret: options.secret, now: options.now() });
  count(outcome, report);
  if (outcome.kind === 'left') {
    report.left.push({ from: read.from, subject: read.subject, reason: outcome.reason });
    await client.messageFlagsAdd(String(uid), [LEFT_KEYWORD], { uid: true });
    return;
  }
  // Recorded first, moved after: a pass stopped in between finds it recorded and only moves it.
  await client.messageMove(String(uid), options.folder, { uid: true });
  options.log.info({ uid, kind: outcome.kind, ...('email' in outcome ? { email: outcome.email } : {}) }, 'handled a mail of the bounce mailbox');
}

function count(outcome: MailOutcome, report: BouncePassReport): void {
  switch (outcome.kind) {
    case 'bounce':
      report.bounce++;
      if (outcome.bounced && outcome.email) report.suppressed.push({ email: outcome.email, reason: `bounced: ${outcome.status}` });
      break;
    case 'delay':
      report.delay++;
      break;
    case 'complaint':
      report.complaint++;
      if (outcome.email) report.suppressed.push({ email: outcome.email, reason: 'complaint' });
      break;
    case 'unsubscribe':
      report.unsubscribe++;
      if (outcome.email) report.suppressed.push({ email: outcome.email, reason: 'unsubscribe mail' });
      break;
    case 'seen-before':
      report.seenBefore++;
      break;
    case 'left':
      break;
  }
}

async function ensureFolder(client: ImapFlow, folder: string): Promise<void> {
  const folders = await client.list();
  if (folders.some((mailbox) => mailbox.path === folder)) return;
  await client.mailboxCreate(folder);
}

interface ImapTarget {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  pass: string;
  mailbox: string;
  /** The URL without its password, for logs and errors. */
  label: string;
}

export function imapTarget(url: string): ImapTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new PaperboyError('PB_CONFIG_KEY', 'bounces.imap: not a URL — write it like imaps://user:pass@mail.example.org/INBOX');
  }
  const secure = parsed.protocol === 'imaps:';
  if (!secure && parsed.protocol !== 'imap:') {
    throw new PaperboyError('PB_CONFIG_KEY', 'bounces.imap: must start with imaps:// (or imap:// for a server on the same host)');
  }
  const mailbox = decodeURIComponent(parsed.pathname.replace(/^\/+/, '')) || 'INBOX';
  const port = parsed.port ? Number(parsed.port) : secure ? 993 : 143;
  const label = `${parsed.protocol}//${parsed.hostname}${parsed.port ? `:${parsed.port}` : ''}/${mailbox}`;
  if (!secure && !isLoopback(parsed.hostname)) {
    throw new PaperboyError('PB_CONFIG_KEY', `bounces.imap: ${label} would send the password in the clear — use imaps:// for a server on another host`);
  }
  return { host: parsed.hostname, port, secure, user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password), mailbox, label };
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

function mailboxError(label: string, what: string, cause: unknown): PaperboyError {
  const reason = (cause as { responseText?: string; code?: string; message?: string }).responseText ?? (cause as Error).message ?? String(cause);
  return new PaperboyError('PB_BOUNCE_MAILBOX', `bounce mailbox ${label}: ${what} (${reason}) — check bounces.imap or PAPERBOY_BOUNCE_IMAP_URL`, { cause });
}
