// A bench stage in a process of its own (the whole run, the raw ceiling),
// started fresh as a user would start it: its CPU, memory and warm-up are its
// own. From source (tsx) the script is a .ts file; from dist/ it is .js.

import { fork, type ChildProcess } from 'node:child_process';

export interface ChildOutcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts `script` with `args`; `done` settles when it exits, with what it printed. */
export function startChild(script: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): { child: ChildProcess; done: Promise<ChildOutcome> } {
  const child = fork(script, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    execArgv: script.endsWith('.ts') ? ['--import', import.meta.resolve('tsx')] : [],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<ChildOutcome>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, done };
}
