import { resolve } from 'node:path';
import type { Command } from 'commander';
import { readSubscriberFile, validateSubscriber } from '../config/index.js';
import { PaperboyError } from '../errors.js';
import { likePapers } from '../run/index.js';
import { findSubscriberByEmail, listSubscribers, listSuppressions, removeSubscriber, rotateSubscriberLinks, upsertSubscribers, type Suppression, type SuppressionReason } from '../store/index.js';
import type { Subscriber, SubscriberStatus } from '../types.js';
import type { CommandContext } from './context.js';

export function registerSubscribers(program: Command, context: CommandContext): void {
  const subscribers = program.command('subscribers').description('list, add, remove or import subscribers');

  subscribers
    .command('list')
    .description('list subscribers and their topics; unsubscribed and bounced ones with why')
    .option('--status <status>', 'only these: pending | active | unsubscribed | bounced')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean; status?: string }) => {
      const status = options.status;
      if (status !== undefined && !(STATUSES as readonly string[]).includes(status)) {
        throw new PaperboyError('PB_USAGE', `--status ${status}: unknown status — use one of ${STATUSES.join(', ')}`);
      }
      const { list, why } = await context.withApp(async (app) => ({
        list: await listSubscribers(app.db, { status: status as SubscriberStatus | undefined }),
        why: new Map((await listSuppressions(app.db)).map((entry) => [entry.subscriberId, entry])),
      }));
      if (options.json) context.printJson(list.map((subscriber) => ({ ...subscriberJson(subscriber), suppression: suppressionJson(why.get(subscriber.id)) })));
      else if (list.length === 0) context.print(status ? `No ${status} subscribers.` : 'No subscribers yet: "paperboy subscribers add" or "import".');
      else context.print(list.map((subscriber) => subscriberLines(subscriber, why.get(subscriber.id))).join('\n'));
    });

  subscribers
    .command('add')
    .description('add a subscriber (or update one with the same address)')
    .argument('<email>')
    .option('-t, --topic <query>', 'a topic, e.g. \'Diffusion: "diffusion model" -audio\' (repeat for more)', collect, [])
    .option('--name <name>')
    .option('--frequency <f>', 'instant | daily | weekly', 'daily')
    .option('--timezone <zone>', 'IANA time zone, e.g. Europe/London', 'UTC')
    .option('--hour <h>', 'local send hour, 0–23')
    .option('--weekday <day>', 'weekly send day, e.g. monday')
    .option('--max-papers <n>', 'at most this many papers per digest')
    .action(async (email: string, options: { topic: string[]; name?: string; frequency: string; timezone: string; hour?: string; weekday?: string; maxPapers?: string }) => {
      const entry = {
        email,
        name: options.name,
        timezone: options.timezone,
        frequency: options.frequency,
        hour: options.hour,
        weekday: options.weekday,
        maxPapers: options.maxPapers,
        topics: options.topic,
      };
      const input = validateSubscriber(stripUndefined(entry));
      const counts = await context.withApp((app) => upsertSubscribers(app.db, [input], { now: app.clock.now(), status: 'active' }));
      context.print(counts.added ? `Added ${input.email}.` : counts.updated ? `Updated ${input.email}.` : `${input.email} is already subscribed with these settings.`);
    });

  subscribers
    .command('remove')
    .description('delete a subscriber and their topics')
    .argument('<email>')
    .action(async (email: string) => {
      const removed = await context.withApp((app) => removeSubscriber(app.db, email));
      if (!removed) throw new PaperboyError('PB_SUBSCRIBER_UNKNOWN', `${email}: no such subscriber — "paperboy subscribers list" shows who is subscribed`);
      context.print(`Removed ${email}.`);
    });

  subscribers
    .command('like')
    .description("record papers a subscriber already likes (titles or arXiv ids), to start what their digests learn")
    .argument('<email>')
    .argument('<papers...>', 'a title (or enough of it to be the only match) or an arXiv id, e.g. 2411.01234')
    .option('--json', 'print as JSON')
    .action(async (email: string, references: string[], options: { json?: boolean }) => {
      const found = await context.withApp(async (app) => {
        const subscriber = await findSubscriberByEmail(app.db, email);
        if (!subscriber) throw new PaperboyError('PB_SUBSCRIBER_UNKNOWN', `${email}: no such subscriber — "paperboy subscribers list" shows who is subscribed`);
        return likePapers(app, subscriber.id, references);
      });
      const liked = found.flatMap((entry) => ('paper' in entry ? [entry.paper] : []));
      const missing = found.flatMap((entry) => ('error' in entry ? [entry] : []));
      if (options.json) {
        context.printJson({ liked: liked.map((paper) => ({ id: paper.id, title: paper.title, arxivId: paper.arxivId })), notFound: missing.map(({ reference, error }) => ({ reference, error })) });
      } else {
        for (const paper of liked) context.print(`👍 ${paper.title}`);
        for (const entry of missing) context.warn(`${entry.reference}: ${entry.error}`);
        context.print(`${email}: ${liked.length} of ${found.length} papers recorded as liked.`);
      }
      if (missing.length > 0) context.exitCode = 1;
    });

  subscribers
    .command('rotate-links')
    .description("make every link in the subscriber's emails so far stop working (preferences, unsubscribe, feedback, feed, web copies)")
    .argument('<email>')
    .action(async (email: string) => {
      const rotated = await context.withApp(async (app) => {
        const subscriber = await findSubscriberByEmail(app.db, email);
        return subscriber !== null && (await rotateSubscriberLinks(app.db, subscriber.id, app.clock.now()));
      });
      if (!rotated) throw new PaperboyError('PB_SUBSCRIBER_UNKNOWN', `${email}: no such subscriber — "paperboy subscribers list" shows who is subscribed`);
      context.print(`Rotated the links of ${email}: the links in their emails so far no longer work; the next email carries new ones.`);
    });

  subscribers
    .command('import')
    .description('add or update subscribers from a YAML or CSV file (all or nothing)')
    .argument('<file>')
    .action(async (file: string) => {
      const inputs = readSubscriberFile(resolve(context.io.cwd, file), file);
      const counts = await context.withApp((app) => upsertSubscribers(app.db, inputs, { now: app.clock.now(), status: 'active' }));
      context.print(`Imported ${file}: ${counts.added} added, ${counts.updated} updated, ${counts.unchanged} unchanged.`);
    });
}

export function subscriberJson(subscriber: Subscriber) {
  const { email, name, timezone, frequency, status, topics } = subscriber;
  return { email, name, timezone, frequency, status, topics };
}

const STATUSES = ['pending', 'active', 'unsubscribed', 'bounced'] as const;

function suppressionJson(entry: Suppression | undefined) {
  return entry ? { reason: entry.reason, detail: entry.detail, at: entry.at } : null;
}

/** `complaint (abuse report from …), 2026-11-24T20:00:00.000Z` */
export function suppressionText(entry: Pick<Suppression, 'reason' | 'detail' | 'at'>): string {
  const reason = entry.reason ? SUPPRESSION_LABELS[entry.reason] : 'no reason recorded';
  return `${reason}${entry.detail ? ` (${entry.detail})` : ''}${entry.at ? `, ${entry.at}` : ''}`;
}

const SUPPRESSION_LABELS: Record<SuppressionReason, string> = {
  complaint: 'complained (spam report)',
  'unsubscribe-mail': 'unsubscribed by mail',
  'unsubscribe-link': 'unsubscribed with the link',
  bounces: 'bounced',
};

function subscriberLines(subscriber: Subscriber, why: Suppression | undefined): string {
  const status = why && subscriber.status !== 'active' && subscriber.status !== 'pending' ? `${subscriber.status}: ${suppressionText(why)}` : subscriber.status;
  const head = `${subscriber.email}${subscriber.name ? ` (${subscriber.name})` : ''} — ${subscriber.frequency}, ${subscriber.timezone}, ${status}`;
  return [head, ...subscriber.topics.map((topic) => `    ${topic.name === topic.query ? topic.query : `${topic.name}: ${topic.query}`}`)].join('\n');
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function stripUndefined(entry: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entry).filter(([, value]) => value !== undefined));
}
