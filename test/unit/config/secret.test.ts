import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createOnce } from '../../../src/config/secret.js';
import { tempDir } from '../../helpers/temp.js';

describe('createOnce (the demo signing key)', () => {
  it('writes the file whole, readable by its owner only, and leaves nothing aside', () => {
    const dir = tempDir('pb-secret-');
    const path = join(dir, 'secret');
    expect(createOnce(path, 'a'.repeat(64))).toEqual({ content: 'a'.repeat(64), created: true });
    expect(readFileSync(path, 'utf8')).toBe('a'.repeat(64));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['secret']);
  });

  it('keeps the key another process wrote first, and answers with it', () => {
    const dir = tempDir('pb-secret-');
    const path = join(dir, 'secret');
    // What `paperboy web &` leaves for the `paperboy run` started right after it.
    writeFileSync(path, 'b'.repeat(64), { mode: 0o600 });
    expect(createOnce(path, 'c'.repeat(64))).toEqual({ content: 'b'.repeat(64), created: false });
    expect(readFileSync(path, 'utf8')).toBe('b'.repeat(64));
    expect(readdirSync(dir)).toEqual(['secret']);
  });
});
