import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { isPaperboyError } from '../../../src/errors.js';

/** A file of test/fixtures/dumps, as bytes. */
export function fixture(name: string): Buffer {
  return readFileSync(new URL(`../../fixtures/dumps/${name}`, import.meta.url));
}

/** A sample dump as shipped in examples/dumps (copies of the real scraped dumps). */
export function sample(name: string): Buffer {
  return readFileSync(new URL(`../../../examples/dumps/${name}`, import.meta.url));
}

/** Line `n` (1-based) of a file, read without the parser: the oracle for exact text. */
export function lineOf(bytes: Buffer | string, n: number): string {
  return bytes.toString().split('\n')[n - 1];
}

export const NOW = new Date('2025-11-26T10:00:00Z');

/** Runs `parse` and returns the PB_DUMP_UNREADABLE it throws, failing the test otherwise. */
export function unreadable(parse: () => unknown) {
  try {
    parse();
  } catch (error) {
    if (isPaperboyError(error, 'PB_DUMP_UNREADABLE')) return error;
    throw error;
  }
  expect.fail('expected PB_DUMP_UNREADABLE, but the dump parsed');
}
