import { cpSync, mkdtempSync, readdirSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const SAMPLE_DUMPS = join(ROOT, 'examples/dumps');
export const FIXTURES = join(ROOT, 'test/fixtures');

export function tempDir(prefix = 'pb-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Copies files into a folder with an old modification time, so ingest sees them as complete. */
export function copyDumps(files: string[], dir: string): string[] {
  const old = new Date(Date.now() - 60_000);
  return files.map((file) => {
    const target = join(dir, file.split('/').pop()!);
    cpSync(file, target);
    utimesSync(target, old, old);
    return target;
  });
}

export function sampleDumpFiles(): string[] {
  return readdirSync(SAMPLE_DUMPS)
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .map((name) => join(SAMPLE_DUMPS, name));
}
