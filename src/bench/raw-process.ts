// The raw ceiling as a process of its own, started fresh as the run it is
// compared with is (and as a user's `bench/raw-send.ts` is): sent from the
// bench's own process, the ceiling's second round ran on code the first had
// warmed up and was up to 70 % faster, while the run always starts cold.
//
// argv: OUTBOX_DIR SMTP_URL CONNECTIONS COUNT; sends COUNT messages, the
// folder's over and over, and prints RawSendFigures as JSON.
import { rawSend, readOutbox } from './raw-send.js';

const [dir, url, connections, count] = process.argv.slice(2);
const files = readOutbox(dir);
const messages = Array.from({ length: Number(count) || files.length }, (_, i) => files[i % files.length]);
const figures = await rawSend(messages, url, Number(connections));
process.stdout.write(`${JSON.stringify(figures)}\n`);
