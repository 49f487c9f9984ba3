// A local SMTP server that accepts and discards every message, run in its
// own process by `paperboy bench` so that it does not share our event loop.
// It prints its port on stdout, then answers `stats` with what it took and
// the CPU it spent, until stopped. Run alone (`node dist/bench/smtp-sink.js
// 2525`) it is a stand-in mail server to point a real `paperboy run` at.
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { SMTPServer } from 'smtp-server';
import { warmPace } from './pace.js';

let accepted = 0;
let bytes = 0;
/** When the first DATA since the last `mark` arrived, in ms since the epoch (other processes' clocks are compared with it). */
let firstDataAt: number | null = null;
/** When each message since the last `mark` was taken (ms since the process started), for its pace once warm. */
const acceptedAt: number[] = [];
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  size: 50 * 1024 * 1024,
  onData(stream, _session, callback) {
    firstDataAt ??= performance.timeOrigin + performance.now();
    stream.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
    });
    stream.on('end', () => {
      accepted++;
      acceptedAt.push(performance.now());
      callback();
    });
  },
});

// A client that goes away mid-session is not the sink's problem.
server.on('error', () => {});

const port = Number.parseInt(process.argv[2] ?? '0', 10) || 0;
server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`${(server.server.address() as AddressInfo).port}\n`);
});

process.on('message', (message) => {
  if (message === 'mark') {
    firstDataAt = null;
    acceptedAt.length = 0;
  } else if (message !== 'stats') return;
  const cpu = process.cpuUsage();
  process.send?.({ accepted, bytes, cpuMs: (cpu.user + cpu.system) / 1000, firstDataAt, warmPerSecond: warmPace(acceptedAt) });
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
// The bench that started us is gone (killed, crashed): so is our reason to run.
process.on('disconnect', () => process.exit(0));
