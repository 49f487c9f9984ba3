// The bench's whole run is `paperboy run` itself, in a process of its own:
// its memory and CPU are then the command's. Run inside the bench, it would
// inherit the heap the earlier stages left behind, and its peak would
// depend on when V8 had last compacted it.

import { startChild } from './child.js';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { RunReport } from '../run/index.js';

export interface RunCommandOptions {
  /** The folder the command runs in: its config, store and dumps. */
  cwd: string;
  configPath: string;
  env: Record<string, string>;
  /** Called about twice a second while the command runs, e.g. to show progress. */
  onTick?: () => void;
}

export interface CommandResult {
  stdout: string;
  /** When the process was started, in ms since the epoch (to compare with another process's clock). */
  startedAt: number;
  /** From start to exit, loading included. */
  commandMs: number;
  /** The command's CPU time, user and system, all its threads. */
  cpuMs: number;
  /** Its resident memory at the highest (Linux's VmHWM; 0 where /proc is missing). */
  peakRssMegabytes: number;
  /**
   * The CPU time of its main thread, as last read before it exited (every
   * 0.1 s, from Linux's /proc; 0 where that is missing): the thread that
   * chooses, renders and records, and so sets a run's pace.
   */
  mainThreadCpuMs: number;
}

export interface RunCommandResult extends Omit<CommandResult, 'stdout'> {
  report: RunReport;
}

/** Runs `paperboy run --json` as a child process and measures it. */
export async function runCommand(options: RunCommandOptions): Promise<RunCommandResult> {
  const { stdout, ...measured } = await paperboyCommand(['run', '--config', options.configPath, '--json'], options);
  return { report: JSON.parse(stdout) as RunReport, ...measured };
}

/**
 * Runs a paperboy command as a user would, as a child process (the installed
 * command, bin/paperboy.js, when the bench runs from dist/), and measures it.
 */
export async function paperboyCommand(args: string[], options: Omit<RunCommandOptions, 'configPath'>): Promise<CommandResult> {
  const here = fileURLToPath(import.meta.url);
  // From source (tsx) the entry is src/cli/bin.ts; built, it is the command itself.
  const bin = here.endsWith('.ts') ? here.replace(/bench[\\/]run-process\.ts$/, 'cli/bin.ts') : fileURLToPath(new URL('../../bin/paperboy.js', import.meta.url));
  const childCpuBefore = childrenCpuMs();
  const startedAt = performance.timeOrigin + performance.now();
  const started = performance.now();
  const { child, done } = startChild(bin, args, {
    cwd: options.cwd,
    env: { ...withoutPaperboyVariables(process.env), PAPERBOY_LOG_LEVEL: 'warn', ...options.env },
  });
  let peakKb = 0;
  let mainThreadCpuMs = 0;
  let ticks = 0;
  const sampler = setInterval(() => {
    peakKb = Math.max(peakKb, highWaterKb(child.pid));
    mainThreadCpuMs = Math.max(mainThreadCpuMs, threadCpuMs(child.pid, child.pid));
    if (++ticks % 5 === 0) options.onTick?.();
  }, 100);
  const { code, stdout, stderr } = await done.finally(() => clearInterval(sampler));
  const commandMs = performance.now() - started;
  if (code !== 0) throw new Error(`paperboy ${args[0]} (for the bench) exited with code ${code}: ${stderr.trim() || stdout.trim()}`);
  return {
    stdout,
    startedAt,
    commandMs,
    cpuMs: childrenCpuMs() - childCpuBefore,
    peakRssMegabytes: Math.round(peakKb / 1024),
    mainThreadCpuMs,
  };
}

/**
 * The environment without the user's PAPERBOY_* settings: PAPERBOY_SMTP_URL
 * would send the bench's thousands of messages to their real server.
 */
function withoutPaperboyVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('PAPERBOY_')));
}

/** The peak resident size of a process so far, in KB (Linux). */
function highWaterKb(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/**
 * CPU time, user and system, of one thread of a running process (Linux: a
 * process's main thread has the process's id); 0 once it has ended or where
 * /proc is missing.
 */
function threadCpuMs(pid: number | undefined, tid: number | undefined): number {
  if (pid === undefined || tid === undefined) return 0;
  try {
    return ticksOf(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8'), 11);
  } catch {
    return 0;
  }
}

/**
 * CPU time of this process's children that have ended (Linux's cutime and
 * cstime, in clock ticks of 10 ms): the sink still runs, so the difference
 * across the run is the run's alone.
 */
export function childrenCpuMs(): number {
  try {
    return ticksOf(readFileSync('/proc/self/stat', 'utf8'), 13);
  } catch {
    return 0;
  }
}

/**
 * Two adjacent fields of a /proc stat line counted after the command name
 * (utime and stime from 11, cutime and cstime from 13), in ms: clock ticks
 * of 10 ms.
 */
function ticksOf(stat: string, field: number): number {
  // The command name is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[field]) + Number(fields[field + 1])) * 10;
}
