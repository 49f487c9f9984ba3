// A local SMTP server that accepts and discards every message, run in its
// own process by `paperboy bench` so that it does not share our event loop.
// It prints its port on stdout, then counts messages until stopped.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

let accepted = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  size: 50 * 1024 * 1024,
  onData(stream, _session, callback) {
    stream.on('data', () => {});
    stream.on('end', () => {
      accepted++;
      callback();
    });
  },
});

// A client that goes away mid-session is not the sink's problem.
server.on('error', () => {});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.server.address() as AddressInfo).port}\n`);
});

process.on('message', (message) => {
  if (message === 'count') process.send?.(accepted);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
