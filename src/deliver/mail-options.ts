// DKIM, the one part of a message nodemailer still writes: the SMTP pool
// signs as it sends (its `dkim` option), the file outbox and
// `preview --format eml` sign the finished bytes with signDkim.

import DKIM from 'nodemailer/lib/dkim/index.js';

export interface DkimOptions {
  domainName: string;
  keySelector: string;
  /** PEM private key. */
  privateKey: string;
}

/** nodemailer's DKIM options; the unsubscribe headers are signed along with the usual ones (RFC 8058 asks for it). */
export function dkimOptions(dkim: DkimOptions) {
  return {
    ...dkim,
    headerFieldNames: 'from:sender:reply-to:subject:date:message-id:to:cc:mime-version:content-type:content-transfer-encoding:list-id:list-unsubscribe:list-unsubscribe-post',
  };
}

/** The message with a DKIM-Signature header in front, as the SMTP pool would send it. */
export async function signDkim(raw: Buffer, dkim: DkimOptions): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of new DKIM(dkimOptions(dkim)).sign(raw)) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}
