import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { PaperboyError } from '../errors.js';
import type { CommandContext } from './context.js';

const STARTER_CONFIG = `# paperboy configuration. Every key has a default; delete what you do not change.
# Secrets come from the environment: PAPERBOY_SMTP_URL, PAPERBOY_SECRET, PAPERBOY_DKIM_KEY, PAPERBOY_BOUNCE_IMAP_URL.
dumps:
  dir: ./dumps                 # watched folder; files already ingested are skipped
  poll: "*/5 * * * *"          # cron for the ingest poll (5 or 6 fields)
store:
  url: sqlite:./data/paperboy.db  # or postgres://user@host:5432/db (PAPERBOY_DATABASE_URL wins, and keeps the password out of this file)
# Feeds fetched on every poll and by "paperboy ingest", each ingested like a
# dump: arXiv API queries (Atom), arXiv listing feeds (RSS) and the Hugging
# Face daily papers list (JSON). A URL, or { url, name }. "paperboy sources"
# shows what each one last brought.
# sources:
#   - https://rss.arxiv.org/rss/cs.LG
#   - url: https://huggingface.co/api/daily_papers
#     name: Hugging Face daily papers
#   - url: https://export.arxiv.org/api/query?search_query=cat:cs.CL&sortBy=submittedDate&sortOrder=descending&max_results=100
#     name: arXiv cs.CL, newest 100
delivery:
  transport: file:./outbox     # or smtp://user:pass@host:587, smtps://… (better: PAPERBOY_SMTP_URL)
  from: "Paperboy <digest@example.org>"
  maxConnections: 5
  rateLimit: 50                # messages per second, all connections together
# bounces:
#   imap: imaps://user:pass@mail.example.org/INBOX   # where later bounces, complaints and unsubscribe mails arrive
web:
  port: 8080
  publicUrl: http://localhost:8080   # base of every link in an email: your site's https address to send over SMTP
digest:
  daily: { hour: 7 }                 # subscriber's local time
  weekly: { weekday: monday, hour: 8 }
  maxPapers: 20
  alsoForYou: 3                      # papers beyond the topics, once a reader has liked 3 (0–10)
subscribers: ./subscribers.yaml      # seed list, merged into the store on every start
`;

const STARTER_SUBSCRIBERS = `# One entry per subscriber, merged into the store by email on every start.
# Topics use the profile query language: see the README ("Writing topics").
- email: ada@example.org
  name: Ada
  timezone: Europe/London
  frequency: daily               # instant | daily | weekly
  topics:
    - 'Diffusion: "diffusion model" -audio'
    - 'Decoding: title:"speculative decoding"'
`;

export function registerInit(program: Command, context: CommandContext): void {
  program
    .command('init')
    .description('write a starter config, subscriber file and dumps folder')
    .argument('[dir]', 'where to write them', '.')
    .action(async (dir: string) => {
      const root = resolve(context.io.cwd, dir);
      const files = { 'paperboy.yaml': STARTER_CONFIG, 'subscribers.yaml': STARTER_SUBSCRIBERS };
      const existing = Object.keys(files).filter((name) => existsSync(join(root, name)));
      if (existing.length > 0) {
        const shown = existing.map((name) => relative(context.io.cwd, join(root, name)) || name).join(', ');
        throw new PaperboyError('PB_INIT_EXISTS', `${shown} already exist${existing.length === 1 ? 's' : ''}; nothing was written — move ${existing.length === 1 ? 'it' : 'them'} away or init another folder`);
      }
      await mkdir(join(root, 'dumps'), { recursive: true });
      for (const [name, text] of Object.entries(files)) await writeFile(join(root, name), text, { flag: 'wx' });
      const at = relative(context.io.cwd, root) || '.';
      context.print(
        [
          `Wrote ${join(at, 'paperboy.yaml')}, ${join(at, 'subscribers.yaml')} and ${join(at, 'dumps')}/.`,
          `Next: put dump files in ${join(at, 'dumps')}/, then run "${at === '.' ? '' : `cd ${shellWord(at)} && `}paperboy ingest".`,
        ].join('\n'),
      );
    });
}

/** A path as one shell word: bare when it is plain, else in single quotes (a quote inside closed, escaped, reopened). */
function shellWord(path: string): string {
  return /^[\w./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}
