import type { Message } from '../types.js';

export interface DkimOptions {
  domainName: string;
  keySelector: string;
  privateKey: string;
}

/**
 * Our Message as nodemailer's mail options (nodemailer puts the text part
 * first, then HTML, in multipart/alternative): the one mapping used by every
 * transport, so the SMTP server, the file outbox and `preview --format eml`
 * see byte-for-byte the same MIME structure.
 */
export function mailOptions(message: Message, date: Date) {
  return {
    from: message.from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: message.messageId,
    date,
    headers: message.headers,
    // Said, not guessed: left alone, nodemailer scans every part (and header)
    // to choose between quoted-printable and base64, which cost more than
    // half of building a digest's MIME. Digests are mostly Latin text, so the
    // guess came out quoted-printable anyway; toEml says the same.
    textEncoding: 'quoted-printable' as const,
  };
}

/** nodemailer's DKIM options; the unsubscribe headers are signed along with the usual ones. */
export function dkimOptions(dkim: DkimOptions) {
  return {
    ...dkim,
    headerFieldNames: 'from:sender:reply-to:subject:date:message-id:to:cc:mime-version:content-type:content-transfer-encoding:list-id:list-unsubscribe:list-unsubscribe-post',
  };
}
