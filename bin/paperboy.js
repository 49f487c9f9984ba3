#!/usr/bin/env node
// The installed command. `npm install` and `npm start` build dist/ first;
// the command runs from its bundle (scripts/bundle.mjs).
import module from 'node:module';

// Node 22.1+ keeps the compiled bundle on disk between runs, so a command
// does not compile the same code again each time it starts; older Nodes lack it.
module.enableCompileCache?.();

// `paperboy run` starts its SMTP thread first, so that the thread loads on
// the other core while the command loads (src/deliver/smtp-thread-early.ts).
if (sendsMail(process.argv.slice(2))) (await import('../dist/bundle/smtp-thread-early.js')).startSmtpThreadEarly();
await import('../dist/bundle/paperboy.js');

/** Whether the command line is `paperboy [-c file] run …` that sends (not a dry run, a plan only or help). */
function sendsMail(args) {
  const command = args.find((arg, i) => !arg.startsWith('-') && args[i - 1] !== '-c' && args[i - 1] !== '--config');
  return command === 'run' && !args.some((arg) => ['--dry-run', '--plan-only', '--help', '-h'].includes(arg));
}
