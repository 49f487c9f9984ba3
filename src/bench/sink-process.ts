import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface SinkStats {
  accepted: number;
  bytes: number;
  cpuMs: number;
  /** When the first message's DATA arrived since the last mark(), in ms since the epoch; null if none has. */
  firstDataAt: number | null;
  /** Messages a second over the later half of those taken since the last mark() (pace.ts); null for fewer than four. */
  warmPerSecond: number | null;
}

/** The SMTP sink in a child process; `url` once it listens. */
export class SinkProcess {
  #child: ChildProcess | undefined;
  url = '';

  async start(): Promise<this> {
    const here = fileURLToPath(import.meta.url);
    // From source (tsx) the sink is a .ts file; from dist/ it is compiled .js.
    const script = here.replace(/sink-process\.(ts|js)$/, `smtp-sink.$1`);
    if (!existsSync(script)) throw new Error(`cannot find the SMTP sink at ${script}`);
    const child = fork(script, [], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'], execArgv: here.endsWith('.ts') ? ['--import', import.meta.resolve('tsx')] : [] });
    this.#child = child;
    const port = await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`the SMTP sink exited early (code ${code})`)));
      child.stdout!.once('data', (chunk: Buffer) => resolve(Number.parseInt(chunk.toString(), 10)));
    });
    this.url = `smtp://127.0.0.1:${port}`;
    return this;
  }

  /** Messages the sink accepted so far, and the CPU time it spent. */
  stats(): Promise<SinkStats> {
    return this.#ask('stats');
  }

  /** From now on, firstDataAt is that of the next message, and warmPerSecond counts from it. */
  mark(): Promise<SinkStats> {
    return this.#ask('mark');
  }

  #ask(question: 'stats' | 'mark'): Promise<SinkStats> {
    const child = this.#child;
    if (!child) throw new Error('the SMTP sink is not running');
    return new Promise<SinkStats>((resolve) => {
      child.once('message', (message) => resolve(message as SinkStats));
      child.send(question);
    });
  }

  async stop(): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }
}
