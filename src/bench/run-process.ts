// The bench's whole run is `paperboy run` itself, in a process of its own:
// its memory and CPU are then the command's. Run inside the bench, it would
// inherit the heap the earlier stages left behind (measured: the same
// 100,000-subscriber run peaked at 0.7 GB alone and at 0.7–1.4 GB after the
// match and render benchmarks, depending on when V8 had last compacted).

import { startChild } from './child.js';
import { readFileSync } from 'node:fs';
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

export interface RunCommandResult {
  report: RunReport;
  /** From start to exit, loading included. */
  commandMs: number;
  /** The command's CPU time, user and system, all its threads. */
  cpuMs: number;
  /** Its resident memory at the highest (Linux's VmHWM; 0 where /proc is missing). */
  peakRssMegabytes: number;
}

/** Runs `paperboy run --json` as a child process and measures it. */
export async function runCommand(options: RunCommandOptions): Promise<RunCommandResult> {
  const here = fileURLToPath(import.meta.url);
  // From source (tsx) the entry is a .ts file; from dist/ it is compiled .js.
  const bin = here.replace(/bench[\\/]run-process\.(ts|js)$/, 'cli/bin.$1');
  const childCpuBefore = childrenCpuMs();
  const started = performance.now();
  const { child, done } = startChild(bin, ['run', '--config', options.configPath, '--json'], {
    cwd: options.cwd,
    env: { ...withoutPaperboyVariables(process.env), PAPERBOY_LOG_LEVEL: 'warn', ...options.env },
  });
  let peakKb = 0;
  let ticks = 0;
  const sampler = setInterval(() => {
    peakKb = Math.max(peakKb, highWaterKb(child.pid));
    if (++ticks % 5 === 0) options.onTick?.();
  }, 100);
  const { code, stdout, stderr } = await done.finally(() => clearInterval(sampler));
  const commandMs = performance.now() - started;
  if (code !== 0) throw new Error(`paperboy run (for the bench) exited with code ${code}: ${stderr.trim() || stdout.trim()}`);
  return {
    report: JSON.parse(stdout) as RunReport,
    commandMs,
    cpuMs: childrenCpuMs() - childCpuBefore,
    peakRssMegabytes: Math.round(peakKb / 1024),
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
 * CPU time of this process's children that have ended (Linux's cutime and
 * cstime, in clock ticks of 10 ms): the sink still runs, so the difference
 * across the run is the run's alone.
 */
export function childrenCpuMs(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return 0;
  }
}
