// The raw ceiling as a whole command: a fresh process that holds its
// messages in memory and sends them through a plain nodemailer pool, as a
// client that does nothing else would. The bench times it from spawn to exit,
// as it times `paperboy run`.
//
// argv: EML_FILE SMTP_URL CONNECTIONS COUNT; sends COUNT messages like the
// one in EML_FILE (each its own Message-ID and recipient) and prints
// RawSendFigures as JSON.
import { readFileSync } from 'node:fs';
import { inMemoryMessages, rawSend } from './raw-send.js';

const [file, url, connections, count] = process.argv.slice(2);
const messages = inMemoryMessages(readFileSync(file), Number(count));
const figures = await rawSend(messages, url, Number(connections));
process.stdout.write(`${JSON.stringify(figures)}\n`);
