import { cpSync, mkdtempSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const SAMPLE_DUMPS = join(ROOT, 'examples/dumps');
export const FIXTURES = join(ROOT, 'test/fixtures');

/** The folders tempDir made in this test file, removed after it (see remove-temp.ts). */
const made: string[] = [];

export function tempDir(prefix = 'pb-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes every folder tempDir made so far; one still in use by a process that outlived its test is left. */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // Left for the system's own clean-up of its temporary folder.
    }
  }
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
