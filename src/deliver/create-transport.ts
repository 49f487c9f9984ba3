import type { Config } from '../config/index.js';
import { FileTransport } from './file-transport.js';
import { checkPublicUrlForMail } from './public-url.js';
import type { DkimOptions } from './mail-options.js';
import { SmtpTransport } from './smtp-transport.js';
import { discardEarlySmtpThread } from './smtp-thread-early.js';
import type { MailTransport } from './transport.js';

/** The transport the config names: `file:DIR`, or a pooled `smtp://` / `smtps://` URL (refused while web.publicUrl is not a public https address). */
export function createTransport(config: Config, options: { socketTimeout?: number } = {}): MailTransport {
  const { transport, maxConnections, rateLimit } = config.delivery;
  const dkim = dkimOf(config);
  if (transport.startsWith('file:')) {
    discardEarlySmtpThread();
    return new FileTransport({ dir: transport.slice('file:'.length), dkim });
  }
  checkPublicUrlForMail(transport, config.web.publicUrl);
  return new SmtpTransport({ url: transport, maxConnections, rateLimit, dkim, socketTimeout: options.socketTimeout });
}

function dkimOf(config: Config): DkimOptions | undefined {
  const dkim = config.delivery.dkim;
  if (!dkim || !config.dkimKey) return undefined;
  return { domainName: dkim.domain, keySelector: dkim.selector, privateKey: config.dkimKey };
}
