// Mails as they arrive in a bounce mailbox, in the shapes real senders use:
// DSNs (RFC 3464) from Postfix, Exchange, Gmail and Amazon SES, an ARF
// complaint (RFC 5965), a mail to the List-Unsubscribe mailto: address, a
// reader's reply and an out-of-office answer. `original` is the message we
// sent, as the SMTP server received it; `verp` its envelope sender.

export interface Sent {
  verp: string;
  to: string;
  messageId: string;
  /** The header block of the message as sent. */
  headers: string;
  /** The token of its List-Unsubscribe mailto: link. */
  unsubscribeToken: string;
}

const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n');
const DATE = 'Tue, 24 Nov 2026 14:02:11 +0000';

function report(options: { from: string; to: string; subject: string; id: string; reportType: string; parts: string[]; extraHeaders?: string }): string {
  const boundary = `=_report_${options.id.replace(/\W/g, '')}`;
  return crlf(
    [
      `Return-Path: <>`,
      `Delivered-To: ${options.to}`,
      `From: ${options.from}`,
      `To: ${options.to}`,
      `Subject: ${options.subject}`,
      `Date: ${DATE}`,
      `Message-ID: <${options.id}>`,
      options.extraHeaders ?? '',
      'MIME-Version: 1.0',
      `Content-Type: multipart/report; report-type=${options.reportType}; boundary="${boundary}"`,
      '',
      'This is a MIME-encapsulated message.',
      '',
      ...options.parts.flatMap((part) => [`--${boundary}`, part]),
      `--${boundary}--`,
      '',
    ]
      .filter((line, i) => line !== '' || i > 8)
      .join('\n'),
  );
}

export function postfixBounce(sent: Sent): string {
  return report({
    from: 'MAILER-DAEMON@mx1.relay.example.net (Mail Delivery System)',
    to: sent.verp,
    subject: 'Undelivered Mail Returned to Sender',
    id: '20261124140211.4F2C31A0042@mx1.relay.example.net',
    reportType: 'delivery-status',
    parts: [
      `Content-Description: Notification\nContent-Type: text/plain; charset=us-ascii\n\nThis is the mail system at host mx1.relay.example.net.\n\nI'm sorry to have to inform you that your message could not\nbe delivered to one or more recipients.\n\n<${sent.to}>: host mx.example.org[203.0.113.7] said: 550 5.1.1\n    <${sent.to}>: Recipient address rejected: User unknown in virtual mailbox\n    table (in reply to RCPT TO command)\n`,
      `Content-Description: Delivery report\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx1.relay.example.net\nX-Postfix-Queue-ID: 4F2C31A0042\nX-Postfix-Sender: rfc822; ${sent.verp}\nArrival-Date: ${DATE}\n\nFinal-Recipient: rfc822; ${sent.to}\nOriginal-Recipient: rfc822;${sent.to}\nAction: failed\nStatus: 5.1.1\nRemote-MTA: dns; mx.example.org\nDiagnostic-Code: smtp; 550 5.1.1 <${sent.to}>: Recipient address rejected: User\n    unknown in virtual mailbox table\n`,
      `Content-Description: Undelivered Message Headers\nContent-Type: text/rfc822-headers\n\nReturn-Path: <${sent.verp}>\n${sent.headers}\n`,
    ],
  });
}

export function exchangeBounce(sent: Sent): string {
  return report({
    from: 'Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@corp.example.com>',
    to: sent.verp,
    subject: 'Undeliverable: your daily papers',
    id: 'c1a6b1e0-94f1-4a7e-9b9d-ffe1a2b3c4d5@EXCH01.corp.example.com',
    reportType: 'delivery-status',
    extraHeaders: 'X-MS-Exchange-Message-Is-Ndr:\nContent-Language: en-US',
    parts: [
      `Content-Type: multipart/alternative; boundary="=_alt_ex"\n\n--=_alt_ex\nContent-Type: text/plain; charset="us-ascii"\nContent-Transfer-Encoding: quoted-printable\n\nYour message to ${sent.to} couldn't be delivered.\n${sent.to.split('@')[0]} wasn't found at corp.example.com.\n\nRemote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipi=\nent not found by SMTP address lookup'\n--=_alt_ex\nContent-Type: text/html; charset="us-ascii"\n\n<html><body><p>Your message couldn't be delivered.</p></body></html>\n--=_alt_ex--\n`,
      `Content-Type: message/delivery-status\n\nReporting-MTA: dns;EXCH01.corp.example.com\nReceived-From-MTA: dns;mx1.relay.example.net\nArrival-Date: ${DATE}\n\nFinal-recipient: RFC822; ${sent.to}\nAction: failed\nStatus: 5.1.10\nDiagnostic-Code: smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup\nX-Display-Name: ${sent.to}\n`,
      `Content-Type: message/rfc822\n\nReturn-Path: <${sent.verp}>\n${sent.headers}\n\n(body removed)\n`,
    ],
  });
}

export function gmailBounce(sent: Sent): string {
  return report({
    from: 'Mail Delivery Subsystem <mailer-daemon@googlemail.com>',
    to: sent.verp,
    subject: 'Delivery Status Notification (Failure)',
    id: '6571a2b3.050a0220.1b2c3.8d4eSMTPIN_ADDED_MISSING@mx.google.com',
    reportType: 'delivery-status',
    extraHeaders: 'Auto-Submitted: auto-replied',
    parts: [
      `Content-Type: multipart/related; boundary="000000000000rel"\n\n--000000000000rel\nContent-Type: text/plain; charset="UTF-8"\n\n** Address not found **\n\nYour message wasn't delivered to ${sent.to} because the address couldn't be found, or is unable to receive mail.\n\nThe response from the remote server was:\n550 5.1.1 The email account that you tried to reach does not exist.\n--000000000000rel--\n`,
      `Content-Type: message/delivery-status\n\nReporting-MTA: dns; googlemail.com\nReceived-From-MTA: dns; mx1.relay.example.net\nArrival-Date: ${DATE}\nX-Original-Message-ID: ${sent.messageId}\n\nFinal-Recipient: rfc822; ${sent.to}\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550-5.1.1 The email account that you tried to reach does not exist. Please try\n 550-5.1.1 double-checking the recipient's email address for typos or\n 550 5.1.1 unnecessary spaces. https://support.google.com/mail/?p=NoSuchUser a1si1234567qkb.12 - gsmtp\nLast-Attempt-Date: ${DATE}\n`,
      `Content-Type: message/rfc822\n\nReturn-Path: <${sent.verp}>\n${sent.headers}\n\n----- Message truncated -----\n`,
    ],
  });
}

/** Amazon SES's shape, and the one that quotes nothing of the original: only its To names the delivery. */
export function sesBounce(sent: Sent): string {
  return report({
    from: 'MAILER-DAEMON@amazonses.com',
    to: sent.verp,
    subject: 'Delivery Status Notification (Failure)',
    id: '0100018c2a3b4c5d-11112222-3333-4444-5555-666677778888-000000@email.amazonses.com',
    reportType: 'delivery-status',
    extraHeaders: 'X-SES-Outgoing: 2026.11.24-54.240.27.1',
    parts: [
      `Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 7bit\n\nAn error occurred while trying to deliver the mail to the following recipients:\n${sent.to}\n`,
      `Content-Type: message/delivery-status\n\nReporting-MTA: dns; a27-1.smtp-out.us-west-2.amazonses.com\n\nAction: failed\nFinal-Recipient: rfc822; ${sent.to}\nDiagnostic-Code: smtp; 554 4.4.7 Message expired: unable to deliver in 840 minutes.<421 4.4.0 Unable to lookup DNS for example.org>\nStatus: 5.4.7\n`,
    ],
  });
}

/** Postfix's "delayed mail" warning: a temporary failure, still being retried. */
export function postfixDelay(sent: Sent): string {
  return report({
    from: 'MAILER-DAEMON@mx1.relay.example.net (Mail Delivery System)',
    to: sent.verp,
    subject: 'Delayed Mail (still being retried)',
    id: '20261124180000.AB12C1A0099@mx1.relay.example.net',
    reportType: 'delivery-status',
    parts: [
      `Content-Description: Notification\nContent-Type: text/plain; charset=us-ascii\n\nThis is the mail system at host mx1.relay.example.net.\n\n####################################################################\n# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #\n####################################################################\n`,
      `Content-Description: Delivery report\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx1.relay.example.net\nArrival-Date: ${DATE}\n\nFinal-Recipient: rfc822; ${sent.to}\nAction: delayed\nStatus: 4.4.1\nDiagnostic-Code: X-Postfix; connect to mx.example.org[203.0.113.7]:25: Connection\n    timed out\nWill-Retry-Until: Sat, 28 Nov 2026 14:02:11 +0000\n`,
      `Content-Description: Undelivered Message Headers\nContent-Type: text/rfc822-headers\n\nReturn-Path: <${sent.verp}>\n${sent.headers}\n`,
    ],
  });
}

/** A feedback-loop report (Yahoo's shape): the recipient redacted, the original's headers quoted. */
export function arfComplaint(sent: Sent): string {
  const redacted = sent.headers.replace(new RegExp(sent.to.replace(/[.+]/g, '\\$&'), 'g'), 'redacted@example.org');
  return report({
    from: 'Yahoo! Mail AntiSpam Feedback <feedback@arf.mail.yahoo.com>',
    to: 'fbl@example.org',
    subject: 'FW: your daily papers',
    id: 'arf-20261124-8823@arf.mail.yahoo.com',
    reportType: 'feedback-report',
    parts: [
      `Content-Type: text/plain; charset="US-ASCII"\n\nThis is an email abuse report for an email message received from IP 198.51.100.25 on ${DATE}.\n`,
      `Content-Type: message/feedback-report\n\nFeedback-Type: abuse\nUser-Agent: Yahoo!-Mail-Feedback/2.0\nVersion: 0.1\nOriginal-Mail-From: <${sent.verp}>\nOriginal-Rcpt-To: <redacted@example.org>\nArrival-Date: ${DATE}\nReported-Domain: example.org\nAuthentication-Results: mta1.mail.yahoo.com  from=example.org; dkim=pass\n`,
      `Content-Type: message/rfc822\nContent-Disposition: inline\n\nReturn-Path: <${sent.verp}>\n${redacted}\n\n(body)\n`,
    ],
  });
}

/** What a mail client sends for the List-Unsubscribe mailto: link. */
export function unsubscribeMail(from: string, token: string, id = 'unsub-1@client.example.org'): string {
  return crlf(`From: ${from}\nTo: unsubscribe@example.org\nSubject: unsubscribe ${token}\nDate: ${DATE}\nMessage-ID: <${id}>\nMIME-Version: 1.0\nContent-Type: text/plain; charset=us-ascii\n\nThis message was automatically generated by Gmail.\n`);
}

/** A reader's thanks, quoting the digest's footer (its unsubscribe link included). */
export function readerReply(sent: Sent, unsubscribeUrl: string): string {
  return crlf(
    `From: ${sent.to}\nTo: Paperboy <digest@example.org>\nSubject: Re: 20 new papers: Diffusion, LLMs\nDate: ${DATE}\nMessage-ID: <reply-77@mail.example.org>\nIn-Reply-To: ${sent.messageId}\nReferences: ${sent.messageId}\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\nthanks! the diffusion paper was exactly what I needed.\n\n> Unsubscribe: ${unsubscribeUrl}\n> unsubscribe ${sent.unsubscribeToken}\n`,
  );
}

export function outOfOffice(sent: Sent): string {
  return crlf(
    `From: ${sent.to}\nTo: ${sent.verp}\nSubject: Out of office: 20 new papers\nDate: ${DATE}\nMessage-ID: <ooo-12@mail.example.org>\nAuto-Submitted: auto-replied\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\nI am away until Monday.\n`,
  );
}
