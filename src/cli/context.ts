import { createRequire } from 'node:module';
import { pino, type Logger } from 'pino';
import type PinoPretty from 'pino-pretty';
import { openApp, systemClock, type App, type Clock } from '../app.js';
import { loadConfig, type Config, type Env } from '../config/index.js';

export interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** What a command may touch of the outside world; tests pass their own. */
export interface CliIO {
  stdout: Output;
  stderr: Output;
  cwd: string;
  env: Env;
  clock: Clock;
  /** How waits are spent (a feed's retry backoff); real time unless a test passes its own. */
  sleep?: (ms: number) => Promise<void>;
}

export function processIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env, clock: systemClock };
}

/** Shared by every command: the IO, the global options and how to open the app. */
export class CommandContext {
  readonly io: CliIO;
  configPath: string | undefined;
  /** Set by a command that finished but failed in part (e.g. one dump unreadable). */
  exitCode = 0;
  #log: Logger | undefined;

  constructor(io: CliIO) {
    this.io = io;
  }

  print(text: string): void {
    this.io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  printJson(value: unknown): void {
    this.io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  warn(text: string): void {
    this.io.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** Logs go to stderr: JSON lines for machines, one readable line on a terminal. */
  get log(): Logger {
    this.#log ??= pino(
      { level: this.io.env.PAPERBOY_LOG_LEVEL ?? 'info', base: undefined },
      this.io.stderr.isTTY
        ? loadPretty()({ destination: this.io.stderr as NodeJS.WritableStream, sync: true, colorize: true, translateTime: 'HH:MM:ss', ignore: 'pid,hostname' })
        : { write: (line: string) => this.io.stderr.write(line) },
    );
    return this.#log;
  }

  loadConfig(): Config {
    return loadConfig({ config: this.configPath, cwd: this.io.cwd, env: this.io.env });
  }

  /** Opens the app, runs the work and always closes the store. */
  async withApp<T>(work: (app: App) => Promise<T>, options: { seed?: boolean } = {}): Promise<T> {
    const app = await openApp(this.loadConfig(), { clock: this.io.clock, log: this.log, seed: options.seed, sleep: this.io.sleep });
    try {
      return await work(app);
    } finally {
      await app.close();
    }
  }
}

/** pino-pretty, loaded only when a person reads the logs on a terminal: commands run by scripts never pay for it. */
function loadPretty(): typeof PinoPretty {
  return createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;
}
