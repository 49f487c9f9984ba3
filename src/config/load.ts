import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument, isNode } from 'yaml';
import type { z } from 'zod';
import { PaperboyError } from '../errors.js';
import { isPostgresUrl } from '../store-location.js';
import { configSchema, type ConfigFile } from './schema.js';
import { yamlValue } from './yaml-value.js';

/** The validated config, with paths resolved against the config file's folder and secrets from the environment. */
export interface Config extends Omit<ConfigFile, 'sources'> {
  /** The feeds to poll, each with its name (null when the config gives none). */
  sources: { url: string; name: string | null }[];
  /** The file it came from, or null when only defaults apply. */
  source: string | null;
  /**
   * Where the store is: the SQLite file's absolute path (from `store.url`),
   * or the PostgreSQL URL (PAPERBOY_DATABASE_URL, else `store.url`). Holds
   * the password of a PostgreSQL URL: print it with describeStore().
   */
  storePath: string;
  /** The folder for the program's own files (the demo's signing key): the SQLite store's, else ./data beside the config. */
  dataDir: string;
  /** HMAC key for signed links; PAPERBOY_SECRET. Never printed. */
  secret: string | null;
  /** The DKIM private key itself (PEM), when DKIM is configured. */
  dkimKey: string | null;
}

export type Env = Record<string, string | undefined>;

const DEFAULT_LOCATIONS = ['paperboy.yaml', 'config/paperboy.yaml'];

/** Finds the config file: the one named, else ./paperboy.yaml, else ./config/paperboy.yaml, else none. */
export function locateConfig(named: string | undefined, cwd: string): string | null {
  if (named) {
    const path = resolve(cwd, named);
    if (!existsSync(path)) {
      throw new PaperboyError('PB_CONFIG_FILE', `${named}: no such config file — check the path, or run "paperboy init" to write one`);
    }
    return path;
  }
  for (const candidate of DEFAULT_LOCATIONS) {
    const path = resolve(cwd, candidate);
    if (existsSync(path)) return path;
  }
  return null;
}

export function loadConfig(options: { config?: string; cwd?: string; env?: Env } = {}): Config {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const source = locateConfig(options.config, cwd);
  const yaml = source ? readYaml(source) : { value: {}, lineOf: () => null };
  return resolveConfig(yaml.value, { source, baseDir: source ? dirname(source) : cwd, env, lineOf: yaml.lineOf });
}

/** Validates a parsed YAML value and resolves it; exported for tests and `init`. */
export function resolveConfig(raw: unknown, where: { source: string | null; baseDir: string; env: Env; lineOf?: LineOf }): Config {
  const parsed = configSchema.safeParse(raw ?? {});
  if (!parsed.success) throw configError(parsed.error, where.source, where.lineOf ?? (() => null));
  const file = parsed.data;
  const at = (path: string) => resolve(where.baseDir, path);

  const transport = where.env.PAPERBOY_SMTP_URL || file.delivery.transport;
  if (!/^(file:|smtps?:\/\/)/.test(transport)) {
    throw new PaperboyError('PB_CONFIG_KEY', 'PAPERBOY_SMTP_URL: must be an smtp:// or smtps:// URL');
  }
  const bounceImap = where.env.PAPERBOY_BOUNCE_IMAP_URL || file.bounces.imap;
  if (bounceImap && !/^imaps?:\/\/[^/]+/.test(bounceImap)) {
    throw new PaperboyError('PB_CONFIG_KEY', 'PAPERBOY_BOUNCE_IMAP_URL: must be an imaps:// or imap:// URL, e.g. imaps://user:pass@mail.example.org/INBOX');
  }
  const databaseUrl = where.env.PAPERBOY_DATABASE_URL || file.store.url;
  if (where.env.PAPERBOY_DATABASE_URL && !isPostgresUrl(where.env.PAPERBOY_DATABASE_URL)) {
    throw new PaperboyError('PB_CONFIG_KEY', 'PAPERBOY_DATABASE_URL: must be a postgres:// URL, e.g. postgres://paperboy:password@db.example.org:5432/paperboy');
  }
  const onPostgres = isPostgresUrl(databaseUrl);
  const storePath = onPostgres ? databaseUrl : at(databaseUrl.slice('sqlite:'.length));
  return {
    ...file,
    dumps: { ...file.dumps, dir: at(file.dumps.dir) },
    store: file.store,
    delivery: { ...file.delivery, transport: transport.startsWith('file:') ? `file:${at(transport.slice(5))}` : transport },
    sources: file.sources.map((source) => (typeof source === 'string' ? { url: source, name: null } : { url: source.url, name: source.name ?? null })),
    subscribers: file.subscribers ? at(file.subscribers) : undefined,
    templates: file.templates ? at(file.templates) : undefined,
    bounces: { ...file.bounces, imap: bounceImap || undefined },
    source: where.source,
    storePath,
    dataDir: onPostgres ? at('data') : dirname(storePath),
    secret: where.env.PAPERBOY_SECRET || null,
    dkimKey: file.delivery.dkim ? readDkimKey(where.env.PAPERBOY_DKIM_KEY || file.delivery.dkim.privateKey, where.baseDir) : null,
  };
}

function readDkimKey(value: string | undefined, baseDir: string): string {
  if (!value) {
    throw new PaperboyError('PB_CONFIG_KEY', 'delivery.dkim.privateKey: no DKIM key — set PAPERBOY_DKIM_KEY or give the path of a PEM file');
  }
  if (value.includes('-----BEGIN')) return value;
  const path = resolve(baseDir, value);
  if (!existsSync(path)) {
    throw new PaperboyError('PB_CONFIG_KEY', `delivery.dkim.privateKey: ${value}: no such file — give the path of a PEM private key`);
  }
  return readFileSync(path, 'utf8');
}

/** The line of a key path in the YAML file, so errors point at it. */
type LineOf = (path: PropertyKey[]) => number | null;

function readYaml(path: string): { value: unknown; lineOf: LineOf } {
  const text = readFileSync(path, 'utf8');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const first = doc.errors[0];
    const line = lineCounter.linePos(first.pos[0]).line;
    throw new PaperboyError('PB_CONFIG_FILE', `${path}${line ? ` line ${line}` : ''}: not valid YAML (${first.code}) — ${first.message.split('\n')[0]}`);
  }
  const lineOf: LineOf = (keyPath) => {
    for (let depth = keyPath.length; depth > 0; depth--) {
      const node = doc.getIn(keyPath.slice(0, depth), true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
      const parent = depth > 1 ? doc.getIn(keyPath.slice(0, depth - 1), true) : doc.contents;
      if (isNode(parent) && parent.range && depth === keyPath.length) {
        // Unknown keys have no value node of their own at getIn; find the key in the map.
        const items = (parent as unknown as { items?: { key?: { value?: unknown; range?: [number, number, number] } }[] }).items;
        const key = items?.find((item) => item.key?.value === keyPath[depth - 1])?.key;
        if (key?.range) return lineCounter.linePos(key.range[0]).line;
      }
    }
    return null;
  };
  return { value: yamlValue(doc, path, 'PB_CONFIG_FILE') ?? {}, lineOf };
}

function configError(error: z.ZodError, source: string | null, lineOf: LineOf): PaperboyError {
  const where = source ?? 'config';
  const lines = error.issues.map((issue) => {
    let path = issue.path as PropertyKey[];
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      const key = issue.keys[0];
      path = [...path, key];
      message = `unknown key "${key}" — allowed here: ${allowedKeys(issue.path as PropertyKey[]).join(', ')}`;
    }
    const line = lineOf(path);
    const name = path.map(String).join('.') || '(top level)';
    return `${where}${line ? ` line ${line}` : ''}: ${name}: ${message}`;
  });
  return new PaperboyError('PB_CONFIG_KEY', lines.join('\n'));
}

function allowedKeys(path: PropertyKey[]): string[] {
  let shape: unknown = configSchema;
  for (const key of path) {
    shape = unwrap(shape)?.shape?.[key as string];
  }
  return Object.keys(unwrap(shape)?.shape ?? {});
}

function unwrap(schema: unknown): { shape?: Record<string, unknown> } | undefined {
  let current = schema as { shape?: Record<string, unknown>; def?: { innerType?: unknown; in?: unknown } } | undefined;
  while (current && !current.shape && (current.def?.innerType || current.def?.in)) {
    current = (current.def.innerType ?? current.def.in) as typeof current;
  }
  return current;
}
