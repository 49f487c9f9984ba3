// npx tsx bench/raw-send.ts OUTBOX_DIR SMTP_URL [--connections 5] [--json]
//
// The side-by-side for a real `paperboy run`: run paperboy once with
// `delivery.transport: file:OUTBOX_DIR` to get its messages, once against
// the SMTP server (`time paperboy run`), then this against the same server
// with the same number of connections. It sends the .eml files as they
// are, through a plain nodemailer pool: the ratio of the two rates is how
// much of the server's own speed paperboy keeps.

import { rawSend, readOutbox } from '../src/bench/raw-send.js';

const args = process.argv.slice(2);
const flag = args.indexOf('--connections');
const connections = flag >= 0 ? Number.parseInt(args[flag + 1], 10) : 5;
const [dir, url] = args.filter((arg, i) => !arg.startsWith('--') && (flag < 0 || i !== flag + 1));
if (!dir || !url || !(connections > 0)) {
  process.stderr.write('usage: npx tsx bench/raw-send.ts OUTBOX_DIR SMTP_URL [--connections 5] [--json]\n');
  process.exit(2);
}
const messages = readOutbox(dir);
if (messages.length === 0) {
  process.stderr.write(`no .eml files in ${dir}: run paperboy with delivery.transport: file:${dir} first\n`);
  process.exit(2);
}
const result = await rawSend(messages, url, connections);
const kilobytes = Math.round(messages.reduce((sum, m) => sum + m.raw.length, 0) / messages.length / 102.4) / 10;
if (args.includes('--json')) process.stdout.write(`${JSON.stringify({ ...result, connections, kilobytesPerMessage: kilobytes })}\n`);
else process.stdout.write(`raw send: ${result.messages} messages (${kilobytes} KB each) in ${result.ms} ms over ${connections} connections: ${result.perSecond} msg/s\n`);
