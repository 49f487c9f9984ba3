import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { PaperboyError } from '../../../src/errors.js';
import { tempDir } from '../../helpers/temp.js';

function folder(files: Record<string, string>): string {
  const dir = tempDir('pb-config-');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

function configError(files: Record<string, string>, env = {}): PaperboyError {
  const cwd = folder(files);
  try {
    loadConfig({ cwd, env });
  } catch (error) {
    expect(error).toBeInstanceOf(PaperboyError);
    return error as PaperboyError;
  }
  throw new Error('expected a config error');
}

describe('loadConfig', () => {
  it('gives every key its default when there is no file', () => {
    const cwd = folder({});
    const config = loadConfig({ cwd, env: {} });
    expect(config.source).toBeNull();
    expect(config.dumps.dir).toBe(join(cwd, 'dumps'));
    expect(config.dumps.poll).toBe('*/5 * * * *');
    expect(config.storePath).toBe(join(cwd, 'data/paperboy.db'));
    expect(config.delivery.transport).toBe(`file:${join(cwd, 'outbox')}`);
    expect(config.delivery.maxConnections).toBe(5);
    expect(config.web.publicUrl).toBe('http://localhost:8080');
    expect(config.digest).toEqual({ daily: { hour: 7 }, weekly: { weekday: 'monday', hour: 8 }, maxPapers: 20, alsoForYou: 3 });
    expect(config.secret).toBeNull();
  });

  it('finds ./paperboy.yaml, else ./config/paperboy.yaml, and resolves paths against the file', () => {
    const cwd = folder({ 'config/paperboy.yaml': 'dumps:\n  dir: ../incoming\n' });
    const config = loadConfig({ cwd, env: {} });
    expect(config.source).toBe(join(cwd, 'config/paperboy.yaml'));
    expect(config.dumps.dir).toBe(join(cwd, 'incoming'));
    writeFileSync(join(cwd, 'paperboy.yaml'), 'digest:\n  maxPapers: 5\n');
    expect(loadConfig({ cwd, env: {} }).digest.maxPapers).toBe(5);
  });

  it('takes the SMTP URL and the secret from the environment', () => {
    const cwd = folder({ 'paperboy.yaml': 'delivery:\n  transport: file:./out\n' });
    const config = loadConfig({ cwd, env: { PAPERBOY_SMTP_URL: 'smtp://u:p@mail.example.org:587', PAPERBOY_SECRET: 's3cret' } });
    expect(config.delivery.transport).toBe('smtp://u:p@mail.example.org:587');
    expect(config.secret).toBe('s3cret');
  });

  it('takes a PostgreSQL store from store.url, or from PAPERBOY_DATABASE_URL, which wins', () => {
    const cwd = folder({ 'paperboy.yaml': 'store:\n  url: postgres://paperboy@db.example.org/news\n' });
    const config = loadConfig({ cwd, env: {} });
    expect(config.storePath).toBe('postgres://paperboy@db.example.org/news');
    expect(config.dataDir).toBe(join(cwd, 'data'));
    expect(loadConfig({ cwd, env: { PAPERBOY_DATABASE_URL: 'postgresql://paperboy:pw@db2.example.org:5433/news' } }).storePath).toBe('postgresql://paperboy:pw@db2.example.org:5433/news');
    expect(configError({}, { PAPERBOY_DATABASE_URL: 'mysql://db.example.org/news' }).message).toMatch(/^PAPERBOY_DATABASE_URL: must be a postgres:\/\/ URL/);
    expect(configError({ 'paperboy.yaml': 'store:\n  url: mysql://db/news\n' }).message).toMatch(/must be sqlite:PATH \(e\.g\. sqlite:\.\/data\/paperboy\.db\) or postgres:\/\/user:password@host:5432\/database/);
  });

  it('names the file, the line and the allowed keys for an unknown key', () => {
    const error = configError({ 'paperboy.yaml': 'dumps:\n  dir: ./d\n  polling: "* * * * *"\n' });
    expect(error.code).toBe('PB_CONFIG_KEY');
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(/paperboy\.yaml line 3: dumps\.polling: unknown key "polling" — allowed here: dir, poll/);
  });

  it('rejects a wrong type with the key path', () => {
    const error = configError({ 'paperboy.yaml': 'digest:\n  daily:\n    hour: 25\n' });
    expect(error.code).toBe('PB_CONFIG_KEY');
    expect(error.message).toMatch(/line 3: digest\.daily\.hour:/);
  });

  it('rejects an unparseable cron and an unknown weekday', () => {
    expect(configError({ 'paperboy.yaml': 'dumps:\n  poll: "every five minutes"\n' }).message).toMatch(/dumps\.poll: not a valid cron expression/);
    expect(configError({ 'paperboy.yaml': 'digest:\n  weekly:\n    weekday: mondays\n' }).message).toMatch(/digest\.weekly\.weekday/);
  });

  it('reports broken YAML with its line', () => {
    const error = configError({ 'paperboy.yaml': 'dumps:\n  dir: [unclosed\n' });
    expect(error.code).toBe('PB_CONFIG_FILE');
    expect(error.message).toMatch(/paperboy\.yaml line \d+: not valid YAML/);
  });

  it('rejects a named config file that does not exist', () => {
    const cwd = folder({});
    expect(() => loadConfig({ cwd, config: 'nope.yaml', env: {} })).toThrow(expect.objectContaining({ code: 'PB_CONFIG_FILE' }));
  });

  it('reads the bounce mailbox from the file or, password and all, from PAPERBOY_BOUNCE_IMAP_URL', () => {
    const cwd = folder({ 'paperboy.yaml': 'bounces:\n  imap: imaps://u:p@mail.example.org/INBOX\n  localPart: returns\n' });
    expect(loadConfig({ cwd, env: {} }).bounces).toEqual({ imap: 'imaps://u:p@mail.example.org/INBOX', folder: 'paperboy-handled', localPart: 'returns' });
    expect(loadConfig({ cwd, env: { PAPERBOY_BOUNCE_IMAP_URL: 'imaps://v:q@other.example.org/Bounces' } }).bounces.imap).toBe('imaps://v:q@other.example.org/Bounces');
    expect(loadConfig({ cwd: folder({}), env: {} }).bounces).toEqual({ imap: undefined, folder: 'paperboy-handled', localPart: 'bounces' });
  });

  it('rejects a bounce mailbox that is not IMAP, and a VERP local part that would not fit', () => {
    expect(configError({ 'paperboy.yaml': 'bounces:\n  imap: pop3://mail.example.org\n' }).message).toMatch(/line 2: bounces\.imap: must be imaps:\/\/user:pass@host\/MAILBOX/);
    expect(configError({ 'paperboy.yaml': 'bounces:\n  localPart: a-very-long-bounce-name\n' }).message).toMatch(/line 2: bounces\.localPart: must be 1–16/);
    expect(configError({}, { PAPERBOY_BOUNCE_IMAP_URL: 'mail.example.org' }).message).toMatch(/PAPERBOY_BOUNCE_IMAP_URL: must be an imaps:\/\/ or imap:\/\/ URL/);
  });

  it('rejects a source URL with a password, without repeating it', () => {
    const error = configError({ 'paperboy.yaml': 'sources:\n  - https://rss.arxiv.org/rss/cs.LG\n  - url: https://me:s3cret@feeds.example.org/papers\n' });
    expect(error.message).toMatch(/line 3: sources\.1\.url: must not hold a user name or password/);
    expect(error.message).not.toContain('s3cret');
  });

  it('rejects a feed listed twice, however its URL is written', () => {
    const error = configError({ 'paperboy.yaml': 'sources:\n  - https://rss.arxiv.org/rss/cs.LG\n  - url: HTTPS://RSS.arxiv.org/rss/cs.LG\n    name: again\n' });
    expect(error.message).toMatch(/line 3: sources\.1: the same feed as sources\.0: list each URL once/);
  });

  it('rejects a transport that is neither file: nor smtp', () => {
    expect(configError({ 'paperboy.yaml': 'delivery:\n  transport: http://x\n' }).message).toMatch(/delivery\.transport: must be file:DIR/);
  });
});
