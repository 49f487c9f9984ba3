// Several `paperboy run` sharing one pass: started together on the same due
// editions, each its own process as cron on several hosts would start it.
// Each claims the editions it builds and sends, so what they send adds up
// to what one run alone sends.

import { performance } from 'node:perf_hooks';
import type { RunReport } from '../run/index.js';
import { childrenCpuMs, runCommand, type RunCommandOptions } from './run-process.js';

export interface SharedPass {
  /** Messages sent by all the runs together. */
  messages: number;
  /** From the first start to the last exit. */
  ms: number;
  perSecond: number;
  /** CPU time of all the runs' processes together, user and system. */
  cpuMs: number;
  /**
   * Each run: what it sent, its share of the pass's messages, the due
   * editions it recorded (sent, empty or failed) and those others built,
   * and its time from spawn to exit.
   */
  runs: { messages: number; share: number; editions: number; others: number; ms: number }[];
  /** The runs' reports, for the caller's checks. */
  reports: RunReport[];
}

/** `count` runs of `paperboy run` started together; the pass lasts from the first start to the last exit. */
export async function sharedPass(count: number, options: RunCommandOptions): Promise<SharedPass> {
  const cpuBefore = childrenCpuMs();
  const started = performance.now();
  const runs = await Promise.all(Array.from({ length: count }, () => runCommand(options)));
  const ms = performance.now() - started;
  const messages = runs.reduce((sum, run) => sum + run.report.sent, 0);
  return {
    messages,
    ms: Math.round(ms),
    perSecond: Math.round(messages / (ms / 1000)),
    cpuMs: childrenCpuMs() - cpuBefore,
    runs: runs.map((run) => ({
      messages: run.report.sent,
      share: Math.round((run.report.sent / Math.max(1, messages)) * 100) / 100,
      editions: run.report.sent + run.report.empty + run.report.failed,
      others: run.report.others,
      ms: Math.round(run.commandMs),
    })),
    reports: runs.map((run) => run.report),
  };
}
