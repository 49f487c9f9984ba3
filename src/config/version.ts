import { readFileSync } from 'node:fs';

/** paperboy's version, from its package.json: two folders up from here in src/, dist/ and the bundle alike. */
export function paperboyVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}
