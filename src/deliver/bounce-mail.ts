// What one mail of the bounce mailbox is, read from its bytes: a delivery
// status notification (RFC 3464), a complaint from a feedback loop (ARF,
// RFC 5965), a mail to the List-Unsubscribe mailto: address, or anything
// else (a reader's reply, an auto-responder), which is left for a person.
// Only signed evidence counts: a VERP address (src/verp.ts) or a signed
// unsubscribe token; a forged one names nobody.

import { createHash } from 'node:crypto';
import { simpleParser, type ParsedMail } from 'mailparser';
import { readVerp } from '../verp.js';
import { mimeParts } from './mime-parts.js';

export interface DsnRecipient {
  /** `failed`, `delayed`, `delivered`, `relayed`, `expanded`. */
  action: string;
  /** The enhanced status code, e.g. `5.1.1`. */
  status: string;
  /** The SMTP reply code in the diagnostic, e.g. 550; null when there is none. */
  code: number | null;
  /** The diagnostic as the reporting server wrote it, else the status. */
  diagnostic: string;
  recipient: string | null;
}

export type BounceMail =
  | { kind: 'dsn'; hashes: string[]; recipients: DsnRecipient[] }
  | { kind: 'complaint'; hashes: string[]; unsubscribeTokens: string[]; feedbackType: string; reporter: string }
  | { kind: 'unsubscribe'; token: string }
  | { kind: 'other'; reason: string };

export interface ReadMail {
  /** The mail's Message-ID, else a hash of its bytes: how a handled mail is known again. */
  mailKey: string;
  from: string;
  subject: string;
  receivedAt: string | null;
  mail: BounceMail;
}

export interface VerpKeys {
  secret: string;
  localPart: string;
}

const DSN_TYPES = new Set(['message/delivery-status', 'message/global-delivery-status']);
const ARF_TYPE = 'message/feedback-report';
const TOKEN = '[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+';

export async function readBounceMail(raw: Buffer, keys: VerpKeys): Promise<ReadMail> {
  const parsed = await simpleParser(raw, { skipHtmlToText: true, skipTextLinks: true, skipImageLinks: true });
  const messageId = parsed.messageId?.trim();
  return {
    mailKey: messageId ? `message-id:${messageId}` : `sha256:${createHash('sha256').update(raw).digest('hex')}`,
    from: parsed.from?.text ?? '',
    subject: parsed.subject ?? '',
    receivedAt: parsed.date ? parsed.date.toISOString() : null,
    mail: classify(parsed, raw, keys),
  };
}

function classify(parsed: ParsedMail, raw: Buffer, keys: VerpKeys): BounceMail {
  const reportType = reportTypeOf(parsed);
  const parts = mimeParts(raw.toString('latin1')).map((part) => ({ type: part.type, text: part.body }));
  // The whole mail, and each part decoded: a quoted original may be base64 or quoted-printable.
  const everything = [raw.toString('latin1'), ...parts.map((part) => part.text)].join('\n');

  const feedback = parts.find((part) => part.type === ARF_TYPE);
  if (reportType === 'feedback-report' || feedback) {
    const fields = feedback ? fieldGroups(feedback.text)[0] ?? new Map<string, string>() : new Map<string, string>();
    const hashes = readVerp(keys.secret, keys.localPart, everything);
    const unsubscribeTokens = unsubscribeTokensIn(everything);
    if (hashes.length === 0 && unsubscribeTokens.length === 0) return { kind: 'other', reason: 'a complaint about a mail that names no delivery of ours' };
    return {
      kind: 'complaint',
      hashes,
      unsubscribeTokens,
      feedbackType: (fields.get('feedback-type') ?? 'abuse').toLowerCase(),
      reporter: fields.get('user-agent') ?? fields.get('reporting-mta') ?? parsed.from?.value[0]?.address ?? 'unknown',
    };
  }

  const status = parts.find((part) => DSN_TYPES.has(part.type));
  if (reportType === 'delivery-status' || status) {
    const recipients = status ? dsnRecipients(status.text) : [];
    // The envelope sender the DSN came back to: in its To, Delivered-To or X-Original-To even when it quotes nothing.
    const hashes = readVerp(keys.secret, keys.localPart, everything);
    if (recipients.length === 0) return { kind: 'other', reason: 'a delivery report without a status' };
    if (hashes.length === 0) return { kind: 'other', reason: 'a delivery report that names no delivery of ours' };
    return { kind: 'dsn', hashes, recipients };
  }

  if (isAutomatic(parsed)) return { kind: 'other', reason: 'an automatic reply' };
  // Only the subject, as mail clients write it from the mailto: link: a reply
  // quoting a digest's footer holds tokens too, and must not unsubscribe anyone.
  const token = new RegExp(`^\\s*unsubscribe\\s+(${TOKEN})\\s*$`, 'i').exec(parsed.subject ?? '')?.[1];
  if (token) return { kind: 'unsubscribe', token };
  return { kind: 'other', reason: 'not a report: a person should read it' };
}

function reportTypeOf(parsed: ParsedMail): string | null {
  const header = parsed.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  if (header?.value?.toLowerCase() !== 'multipart/report') return null;
  return header.params?.['report-type']?.toLowerCase() ?? null;
}

/** An out-of-office or other machine-made answer (RFC 3834), which is never an unsubscribe request. */
function isAutomatic(parsed: ParsedMail): boolean {
  const auto = String(parsed.headers.get('auto-submitted') ?? 'no').toLowerCase();
  return auto !== 'no' || parsed.headers.has('x-autoreply') || parsed.headers.has('x-autorespond');
}

/** The tokens of List-Unsubscribe links (https and mailto:) in a quoted original. */
function unsubscribeTokensIn(text: string): string[] {
  const pattern = new RegExp(`(?:unsubscribe\\?token=|subject=unsubscribe%20)(${TOKEN})`, 'g');
  return [...new Set([...text.matchAll(pattern)].map((match) => match[1]))];
}

/** The per-recipient groups of a delivery-status body (the first group is about the message). */
export function dsnRecipients(text: string): DsnRecipient[] {
  const groups = fieldGroups(text);
  return groups
    .filter((fields) => fields.has('action') || fields.has('status'))
    .map((fields) => {
      const status = /\d\.\d{1,3}\.\d{1,3}/.exec(fields.get('status') ?? '')?.[0] ?? '';
      const action = (fields.get('action') ?? '').toLowerCase().trim();
      const typed = fields.get('diagnostic-code') ?? '';
      const diagnostic = typed.replace(/^\s*[\w-]+\s*;\s*/, '').trim();
      // The SMTP reply that opens an `smtp;` diagnostic; an X-Postfix one (a timeout, say) has none.
      const code = /^\s*smtp\s*;/i.test(typed) ? /^([245]\d\d)(?:[\s-]|$)/.exec(diagnostic)?.[1] : undefined;
      const recipient = (fields.get('final-recipient') ?? fields.get('original-recipient') ?? '').replace(/^\s*[\w-]+\s*;\s*/, '').trim();
      return { action, status, code: code ? Number(code) : null, diagnostic: diagnostic || status, recipient: recipient || null };
    })
    .filter((recipient) => recipient.status !== '' || recipient.action !== '');
}

/** Header-like fields in blank-line-separated groups, names lower-cased, continuation lines joined. */
function fieldGroups(text: string): Map<string, string>[] {
  const groups: Map<string, string>[] = [];
  let current = new Map<string, string>();
  let last: string | null = null;
  for (const line of text.replace(/\r\n/g, '\n').split('\n')) {
    if (line.trim() === '') {
      if (current.size > 0) groups.push(current);
      current = new Map();
      last = null;
    } else if (/^[ \t]/.test(line) && last) {
      current.set(last, `${current.get(last)} ${line.trim()}`);
    } else {
      const colon = line.indexOf(':');
      if (colon > 0) {
        last = line.slice(0, colon).trim().toLowerCase();
        current.set(last, line.slice(colon + 1).trim());
      }
    }
  }
  if (current.size > 0) groups.push(current);
  return groups;
}
