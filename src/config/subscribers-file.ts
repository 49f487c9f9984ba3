import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';
import { cleanLine } from '../clean-text.js';
import { isPaperboyError, PaperboyError } from '../errors.js';
import { parseTopic } from '../query/index.js';
import type { SubscriberInput } from '../store/index.js';
import { isTimeZone, WEEKDAYS } from './schema.js';
import { yamlListEntries } from './yaml-entries.js';

const entrySchema = z.strictObject({
  email: z.email({ message: 'not a valid email address' }),
  name: z.string().min(1).optional(),
  timezone: z
    .string()
    .refine(isTimeZone, { message: 'unknown time zone — use an IANA name such as Europe/London or America/New_York' })
    .default('UTC'),
  frequency: z.enum(['instant', 'daily', 'weekly']).default('daily'),
  hour: z.coerce.number().int().min(0).max(23).optional(),
  weekday: z.enum(WEEKDAYS).optional(),
  maxPapers: z.coerce.number().int().min(1).max(100).optional(),
  topics: z.array(z.string().min(1)).min(1, { message: 'at least one topic is needed' }),
});

export type SubscriberEntry = z.input<typeof entrySchema>;

interface Located {
  value: unknown;
  /** Where the entry stands, for error messages: `line 4` or `row 3`. */
  where: string;
}

/** Reads a subscriber file (YAML list, or CSV with a `topics` column separated by `;`); `shown` names it in errors. */
export function readSubscriberFile(path: string, shown = path): SubscriberInput[] {
  return parseSubscriberFile(readSubscriberBytes(path, shown), path, shown);
}

export function readSubscriberBytes(path: string, shown = path): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new PaperboyError('PB_SUBSCRIBER_INVALID', `${shown}: cannot read the subscriber file (${(error as NodeJS.ErrnoException).code}) — check the path`, { cause: error });
  }
}

/** readSubscriberFile for bytes already read: the format follows the path's extension. */
export function parseSubscriberFile(bytes: Buffer, path: string, shown = path): SubscriberInput[] {
  const text = bytes.toString('utf8');
  const entries = extname(path).toLowerCase() === '.csv' ? csvEntries(text, shown) : yamlEntries(text, shown);
  return validateSubscriberEntries(entries, shown);
}

/**
 * Validates every entry and reports all the bad ones at once, so a file is
 * fixed in one go; one bad entry rejects the whole file (imports are all or nothing).
 */
function validateSubscriberEntries(entries: Iterable<Located>, source: string): SubscriberInput[] {
  const { inputs, problems } = checkEntries(entries, (entry, index) => `${source} ${entry.where} (entry ${index + 1}${emailOf(entry.value)}): `);
  if (problems.length > 0) {
    throw new PaperboyError('PB_SUBSCRIBER_INVALID', `${problems.join('\n')}\nNothing was imported from ${source}: fix the entries above and run again.`);
  }
  return inputs;
}

/**
 * One subscriber given as command-line arguments or a web form: the same
 * checks as a file's entry, its problems named by field alone (`email: not
 * a valid email address`), with no file, line or entry number.
 */
export function validateSubscriber(value: unknown): SubscriberInput {
  const { inputs, problems } = checkEntries([{ value, where: '' }], () => '');
  if (problems.length > 0) throw new PaperboyError('PB_SUBSCRIBER_INVALID', problems.join('\n'));
  return inputs[0];
}

function checkEntries(entries: Iterable<Located>, labelOf: (entry: Located, index: number) => string): { inputs: SubscriberInput[]; problems: string[] } {
  const problems: string[] = [];
  const inputs: SubscriberInput[] = [];
  const seen = new Set<string>();
  let index = -1;
  for (const entry of entries) {
    index++;
    const label = labelOf(entry, index);
    const parsed = entrySchema.safeParse(entry.value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${label}${issueText(issue)}`);
      continue;
    }
    const email = parsed.data.email.toLowerCase();
    if (seen.has(email)) problems.push(`${label}${email} is listed twice — keep one entry per address`);
    seen.add(email);
    const topics = parsed.data.topics.map((line, i) => {
      try {
        const topic = parseTopic(cleanLine(line));
        return { name: topic.name, query: topic.query };
      } catch (error) {
        if (!isPaperboyError(error)) throw error;
        problems.push(`${label}topics[${i}]: ${error.message}`);
        return null;
      }
    });
    if (topics.some((topic) => topic === null)) continue;
    inputs.push({
      email,
      // A name goes into headers and pages: control characters and bidi overrides never get that far.
      name: parsed.data.name === undefined ? null : cleanLine(parsed.data.name).trim() || null,
      timezone: parsed.data.timezone,
      frequency: parsed.data.frequency,
      sendHour: parsed.data.hour ?? null,
      sendWeekday: parsed.data.weekday ? WEEKDAYS.indexOf(parsed.data.weekday) + 1 : null,
      maxPapers: parsed.data.maxPapers ?? null,
      topics: topics as { name: string; query: string }[],
    });
  }
  return { inputs, problems };
}

/** Entry by entry (see yaml-entries.ts): a long list is never one document model in memory. */
function* yamlEntries(text: string, path: string): Generator<Located> {
  for (const entry of yamlListEntries(text, path, 'PB_SUBSCRIBER_INVALID')) {
    yield { value: entry.value, where: entry.line ? `line ${entry.line}` : `item ${entry.index}` };
  }
}

function csvEntries(text: string, path: string): Located[] {
  let rows: Record<string, string>[];
  try {
    rows = parseCsv(text, { columns: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    throw new PaperboyError('PB_SUBSCRIBER_INVALID', `${path}: not valid CSV — ${(error as Error).message}`, { cause: error });
  }
  return rows.map((row, index) => {
    const entry: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(row)) {
      if (value === '') continue;
      entry[key] = key === 'topics' ? value.split(';').map((topic) => topic.trim()).filter(Boolean) : value;
    }
    // The header is line 1, so data row N stands on line N + 1.
    return { value: entry, where: `line ${index + 2}` };
  });
}

function emailOf(value: unknown): string {
  const email = (value as { email?: unknown } | null)?.email;
  return typeof email === 'string' ? `, ${email}` : '';
}

function issueText(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    return `unknown key "${issue.keys[0]}" — allowed: ${Object.keys(entrySchema.shape).join(', ')}`;
  }
  const path = issue.path.map(String).join('.') || 'entry';
  return `${path}: ${issue.message}`;
}
