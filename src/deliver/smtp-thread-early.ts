// The SMTP thread, started before the command has loaded. bin/paperboy.js
// starts it for `paperboy run`, before it loads the rest of the program, so
// that the thread loads nodemailer on the other core while this one loads
// the command, reads the config and the store; it then waits for its
// options (smtp-worker.ts). SmtpThread adopts it when it first needs a
// thread; a run that sends no SMTP mail (a file outbox) ends it.

import { Worker } from 'node:worker_threads';

let early: Worker | null = null;

/** Starts the thread, from the built program only (from source the worker needs tsx's loader: SmtpThread starts it then). */
export function startSmtpThreadEarly(): void {
  if (early || import.meta.url.endsWith('.ts')) return;
  const worker = new Worker(new URL('./smtp-worker.js', import.meta.url), { workerData: null });
  worker.unref();
  // A thread that failed to load is not adopted: SmtpThread starts its own, which reports why.
  const forget = () => {
    if (early === worker) early = null;
  };
  worker.once('error', forget);
  worker.once('exit', forget);
  early = worker;
}

/** The thread started early, for the one caller that takes it; null when none was started, or it was taken. */
export function takeEarlySmtpThread(): Worker | null {
  const worker = early;
  early = null;
  return worker;
}

/** Ends a thread started early that nothing will use. */
export function discardEarlySmtpThread(): void {
  void takeEarlySmtpThread()?.terminate();
}
