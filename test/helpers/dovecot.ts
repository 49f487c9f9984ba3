import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { tempDir } from './temp.js';

/** Whether Debian's dovecot-imapd is installed (CI installs it; the tests that need it must not skip there). */
export function hasDovecot(): boolean {
  return spawnSync('dovecot', ['--version']).status === 0;
}

/**
 * A real IMAP server (Dovecot) on a free loopback port, with a throwaway
 * config: one user with a plain password, maildirs in a temporary folder,
 * no TLS. Started as the test's own process; stopped by stop().
 */
export class TestImapServer {
  readonly user = 'bounces';
  readonly pass = 'bounce-password';
  port = 0;
  #dir = '';
  #process: ChildProcess | null = null;

  async start(): Promise<this> {
    this.#dir = tempDir();
    this.port = await freePort();
    const root = userInfo().uid === 0;
    // Dovecot refuses mail access as root: as root, the mail belongs to nobody.
    const uid = root ? 65534 : userInfo().uid;
    const gid = root ? 65534 : userInfo().gid;
    const mail = join(this.#dir, 'mail');
    mkdirSync(mail, { recursive: true });
    mkdirSync(join(this.#dir, 'run'), { recursive: true });
    if (root) {
      chmodSync(this.#dir, 0o755);
      chownSync(mail, uid, gid);
    }
    writeFileSync(join(this.#dir, 'passwd'), `${this.user}:{PLAIN}${this.pass}:${uid}:${gid}::${mail}/${this.user}\n`);
    const self = userInfo().username;
    writeFileSync(
      join(this.#dir, 'dovecot.conf'),
      [
        `base_dir = ${this.#dir}/run`,
        `state_dir = ${this.#dir}/run`,
        `log_path = ${this.#dir}/dovecot.log`,
        'protocols = imap',
        'listen = 127.0.0.1',
        'ssl = no',
        'disable_plaintext_auth = no',
        'auth_mechanisms = plain login',
        `default_login_user = ${root ? 'dovenull' : self}`,
        `default_internal_user = ${root ? 'dovecot' : self}`,
        `mail_location = maildir:${mail}/%u`,
        'first_valid_uid = 1',
        `passdb {\n  driver = passwd-file\n  args = scheme=PLAIN ${this.#dir}/passwd\n}`,
        `userdb {\n  driver = passwd-file\n  args = ${this.#dir}/passwd\n}`,
        `service imap-login {\n  inet_listener imap {\n    address = 127.0.0.1\n    port = ${this.port}\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}`,
        'service stats {\n  unix_listener stats-reader {\n    mode = 0666\n  }\n  unix_listener stats-writer {\n    mode = 0666\n  }\n}',
        '',
      ].join('\n'),
    );
    this.#process = spawn('dovecot', ['-F', '-c', join(this.#dir, 'dovecot.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    this.#process.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<never>((_, reject) =>
      this.#process!.once('exit', (code) => reject(new Error(`dovecot exited (${code}): ${stderr}${this.log()}`))),
    );
    await Promise.race([waitForPort(this.port), exited]);
    return this;
  }

  /** `imap://user:pass@127.0.0.1:port/INBOX` */
  url(mailbox = 'INBOX'): string {
    return `imap://${this.user}:${this.pass}@127.0.0.1:${this.port}/${mailbox}`;
  }

  log(): string {
    try {
      return readFileSync(join(this.#dir, 'dovecot.log'), 'utf8');
    } catch {
      return '';
    }
  }

  async stop(): Promise<void> {
    const child = this.#process;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts connections on the port (Dovecot forks its listeners after start). */
async function waitForPort(port: number): Promise<void> {
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
