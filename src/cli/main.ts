import { Command, CommanderError } from 'commander';
import { isPaperboyError } from '../errors.js';
import { CommandContext, processIO, type CliIO } from './context.js';
import { registerIngest } from './ingest.js';
import { registerInit } from './init.js';
import { registerMatch } from './match.js';
import { registerPapers } from './papers.js';
import { registerSubscribers } from './subscribers.js';
import { registerDeliveries } from './deliveries.js';
import { registerDue } from './due.js';
import { registerPreview } from './preview.js';
import { registerRun } from './run.js';
import { registerStart } from './start.js';
import { registerStatus } from './status.js';
import { registerBench } from './bench.js';
import { registerBounces } from './bounces.js';
import { registerSources } from './sources.js';
import { registerWeb } from './web.js';
import { registerStore } from './store.js';
import { registerWorker } from './worker.js';

const COMMANDS = [registerInit, registerIngest, registerSources, registerPapers, registerMatch, registerSubscribers, registerPreview, registerDue, registerRun, registerDeliveries, registerStart, registerWeb, registerWorker, registerStatus, registerBounces, registerStore, registerBench];

/** Runs one command line and returns its exit code: 0 ok, 1 failure, 2 bad usage or config. */
export async function runCli(argv: string[], io: CliIO = processIO()): Promise<number> {
  const context = new CommandContext(io);
  const program = new Command('paperboy')
    .description('Turns dumps of new research papers into personalised email digests.')
    .option('-c, --config <file>', 'config file (default ./paperboy.yaml, else ./config/paperboy.yaml)')
    .showHelpAfterError('(run "paperboy --help" for the commands)')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .hook('preAction', (command) => {
      context.configPath = command.opts().config;
    });
  for (const register of COMMANDS) register(program, context);
  for (const command of program.commands) command.exitOverride();

  try {
    await program.parseAsync(argv, { from: 'user' });
    return context.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 2;
    }
    if (isPaperboyError(error)) {
      context.warn(`error: ${error.message}`);
      return error.exitCode;
    }
    context.warn(`error: ${(error as Error).stack ?? String(error)}`);
    return 1;
  }
}

/** The `paperboy` executable. */
export async function main(): Promise<void> {
  process.exitCode = await runCli(process.argv.slice(2));
}
