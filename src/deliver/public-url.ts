import { PaperboyError } from '../errors.js';

/**
 * Real mail must link to the real site: one-click unsubscribe (RFC 8058)
 * needs an https link a mail provider can reach, and a reader cannot open
 * localhost. Checked before any SMTP transport exists, so nothing is sent;
 * the file outbox of the demo writes files nobody receives, and is exempt.
 */
export function checkPublicUrlForMail(transport: string, publicUrl: string): void {
  if (transport.startsWith('file:')) return;
  const url = new URL(publicUrl);
  const problem = url.protocol !== 'https:' ? 'is not https' : isLocal(url.hostname) ? 'points at this machine' : null;
  if (!problem) return;
  throw new PaperboyError(
    'PB_CONFIG_KEY',
    `web.publicUrl ${JSON.stringify(publicUrl)} ${problem}, and mail sent over SMTP links to it: one-click unsubscribe needs https on a public host — set web.publicUrl to your site's https address (e.g. https://papers.example.org), or use delivery.transport: file:./outbox to try paperboy out`,
  );
}

function isLocal(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || host === '0.0.0.0' || /^127\./.test(host) || host.endsWith('.local');
}
