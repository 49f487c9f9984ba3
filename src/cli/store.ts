import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { PaperboyError } from '../errors.js';
import { connectStore, describeStore, engineOf, isPostgresUrl, migrateStore, openDatabase, type Db } from '../store/database.js';
import type { CommandContext } from './context.js';

// The store itself: bringing its schema up to date, and moving it to another engine or place.

export function registerStore(program: Command, context: CommandContext): void {
  program
    .command('migrate')
    .description("apply the store's pending migrations (a PostgreSQL store needs this once per upgrade; SQLite migrates on open)")
    .action(async () => {
      const location = context.loadConfig().storePath;
      const db = await connectStore(location);
      try {
        const applied = await migrateStore(db, location);
        context.print(
          applied.length === 0
            ? `${describeStore(location)}: the schema is current, nothing to apply`
            : `${describeStore(location)}: applied ${applied.length} migration${applied.length === 1 ? '' : 's'}: ${applied.join(', ')}`,
        );
      } finally {
        await db.destroy();
      }
    });

  program
    .command('copy-store')
    .description('copy a whole store into an empty one (SQLite ↔ PostgreSQL), all or nothing, keeping ids')
    .option('--from <url>', "the store to copy: sqlite:PATH, a file path or postgres://… (default: the config's store)")
    .requiredOption('--to <url>', 'the empty store to fill: sqlite:PATH, a file path or postgres://… (created and migrated if new)')
    .action(async (options: { from?: string; to: string }) => {
      const from = options.from ? locationOf(options.from, context.io.cwd) : context.loadConfig().storePath;
      const to = locationOf(options.to, context.io.cwd);
      if (describeStore(from) === describeStore(to)) {
        throw new PaperboyError('PB_USAGE', `--from and --to are the same store (${describeStore(to)}) — copy into a new database or file`);
      }
      const { copyStore } = await import('../store/copy.js');
      const source = await openDatabase(from);
      let target: Db | null = null;
      // A SQLite file this command creates goes again if the copy fails: nothing half-made stays.
      const newFile = !isPostgresUrl(to) && !existsSync(to);
      let copied = false;
      try {
        target = await connectStore(to);
        const applied = await migrateStore(target, to);
        if (applied.length > 0 && engineOf(target) === 'postgres') context.log.info({ store: describeStore(to), migrations: applied.length }, 'created the target schema');
        const counts = await copyStore(source, target);
        const width = Math.max(...Object.keys(counts).map((table) => table.length));
        const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
        context.print(`copied ${describeStore(from)} → ${describeStore(to)}:`);
        for (const [table, rows] of Object.entries(counts)) context.print(`  ${table.padEnd(width)}  ${rows.toLocaleString('en-US')}`);
        context.print(`  ${'total'.padEnd(width)}  ${total.toLocaleString('en-US')} rows`);
        copied = true;
      } finally {
        await source.destroy();
        await target?.destroy();
        if (newFile && !copied) for (const suffix of ['', '-wal', '-shm']) rmSync(`${to}${suffix}`, { force: true });
      }
    });
}

/** A store named on the command line: a PostgreSQL URL as it is, a SQLite path (with or without `sqlite:`) against the working folder. */
function locationOf(value: string, cwd: string): string {
  if (isPostgresUrl(value)) return value;
  if (/^[a-z]+:\/\//i.test(value)) {
    throw new PaperboyError('PB_USAGE', `${describeStore(value.replace(/\/\/[^@/]*@/, '//'))}: not a store — give sqlite:PATH, a file path, or postgres://user:password@host:5432/database`);
  }
  return resolve(cwd, value.replace(/^sqlite:/, ''));
}
