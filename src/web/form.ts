// Reading the subscribe and preferences forms. Each field is checked on its
// own first, so an error can stand next to its field (a broken topic with its
// line, column and caret); the whole entry is then validated exactly like an
// entry of a subscriber file, so the web accepts nothing a file would refuse.

import { z } from 'zod';
import { isTimeZone, validateSubscriber, WEEKDAYS } from '../config/index.js';
import { cleanLine, cleanText } from '../clean-text.js';
import { isPaperboyError } from '../errors.js';
import { parseTopic } from '../query/index.js';
import type { SubscriberInput } from '../store/index.js';
import type { Frequency, Topic } from '../types.js';

export const FREQUENCIES: readonly Frequency[] = ['instant', 'daily', 'weekly'];
export const MAX_TOPICS = 20;
export const MAX_TOPIC_LENGTH = 300;
const MAX_EMAIL_LENGTH = 254;

/** A topic line that does not parse, located as the person sees it in the text area. */
export interface TopicError {
  /** 1-based line in the text area. */
  line: number;
  /** 1-based column in that line, or null when the error is about the whole list. */
  column: number | null;
  message: string;
  /** The line, and a caret under the column, for a <pre>. */
  source: string;
  caret: string;
}

export interface FieldErrors {
  email?: string;
  topics?: TopicError[];
  frequency?: string;
  timezone?: string;
  sendHour?: string;
  sendWeekday?: string;
  /** An error no single field owns. */
  form?: string;
}

/** The form's values as typed, to fill the form again. */
export interface FormValues {
  email: string;
  topics: string;
  frequency: string;
  timezone: string;
  sendHour: string;
  sendWeekday: string;
}

export type FormResult<T> = { ok: true; value: T; values: FormValues } | { ok: false; errors: FieldErrors; values: FormValues };

/**
 * The form fields, whatever the body held (a missing or repeated field reads
 * as ''), without control characters or bidi overrides: what is stored, and
 * what a form sent back with errors shows, never holds them.
 */
export function formValues(body: unknown): FormValues {
  const field = (name: string): string => {
    const value = (body as Record<string, unknown> | null | undefined)?.[name];
    if (typeof value !== 'string') return '';
    return name === 'topics' ? cleanText(value) : cleanLine(value);
  };
  return {
    email: field('email').trim(),
    topics: field('topics'),
    frequency: field('frequency'),
    timezone: field('timezone').trim(),
    sendHour: field('sendHour'),
    sendWeekday: field('sendWeekday'),
  };
}

/** Parses the text area, one topic per line; blank lines are skipped. */
export function readTopics(text: string): { topics: Topic[]; lines: string[]; errors: TopicError[] } {
  const all = text.split(/\r?\n/);
  const topics: Topic[] = [];
  const lines: string[] = [];
  const errors: TopicError[] = [];
  all.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    lines.push(line);
    if (line.length > MAX_TOPIC_LENGTH) {
      errors.push(located(index + 1, line, null, `this topic is ${line.length} characters long — keep each under ${MAX_TOPIC_LENGTH}`));
      return;
    }
    try {
      const topic = parseTopic(line);
      topics.push({ name: topic.name, query: topic.query });
    } catch (error) {
      if (!isPaperboyError(error, 'PB_QUERY_SYNTAX')) throw error;
      const message = error.message.split('\n')[0].replace(/^column \d+: /, '');
      // The parser counts from the trimmed line; the person sees the line as typed.
      const indent = [...raw.slice(0, raw.length - raw.trimStart().length)].length;
      errors.push(located(index + 1, raw.trimEnd(), error.column === undefined ? null : error.column + indent, message));
    }
  });
  if (errors.length === 0 && lines.length === 0) errors.push(located(1, '', null, 'write at least one topic, e.g. "diffusion model"'));
  if (errors.length === 0 && lines.length > MAX_TOPICS) errors.push(located(1, '', null, `${lines.length} topics is too many — keep ${MAX_TOPICS} or fewer`));
  return { topics, lines, errors };
}

export function readSubscribeForm(body: unknown): FormResult<SubscriberInput> {
  const values = formValues(body);
  const errors: FieldErrors = {};
  if (values.email.length > MAX_EMAIL_LENGTH || !z.email().safeParse(values.email).success) {
    errors.email = 'this does not look like an email address — check it, e.g. ada@example.org';
  }
  const topics = readTopics(values.topics);
  checkCommon(values, topics.errors, errors);
  if (Object.keys(errors).length > 0) return { ok: false, errors, values };
  return asEntry(values, { email: values.email, timezone: timezoneOf(values), frequency: values.frequency, topics: topics.lines });
}

export function readPreferencesForm(body: unknown, email: string): FormResult<SubscriberInput> {
  const values = formValues(body);
  const errors: FieldErrors = {};
  const topics = readTopics(values.topics);
  checkCommon(values, topics.errors, errors);
  const hour = values.sendHour === '' ? undefined : Number(values.sendHour);
  if (hour !== undefined && !(Number.isInteger(hour) && hour >= 0 && hour <= 23)) errors.sendHour = 'pick an hour from the list';
  const weekday = values.sendWeekday === '' ? undefined : values.sendWeekday;
  if (weekday !== undefined && !(WEEKDAYS as readonly string[]).includes(weekday)) errors.sendWeekday = 'pick a day from the list';
  if (Object.keys(errors).length > 0) return { ok: false, errors, values };
  return asEntry(values, { email, timezone: timezoneOf(values), frequency: values.frequency, hour, weekday, topics: topics.lines });
}

function checkCommon(values: FormValues, topicErrors: TopicError[], errors: FieldErrors): void {
  if (topicErrors.length > 0) errors.topics = topicErrors;
  if (!(FREQUENCIES as readonly string[]).includes(values.frequency)) errors.frequency = 'pick instant, daily or weekly';
  if (values.timezone !== '' && (values.timezone.length > 64 || !isTimeZone(values.timezone))) {
    errors.timezone = 'unknown time zone — use a name such as Europe/London or America/New_York';
  }
}

function timezoneOf(values: FormValues): string {
  return values.timezone === '' ? 'UTC' : values.timezone;
}

/** The same validation as a subscriber file's entry; what it still refuses is shown above the form. */
function asEntry(values: FormValues, entry: Record<string, unknown>): FormResult<SubscriberInput> {
  const defined = Object.fromEntries(Object.entries(entry).filter(([, value]) => value !== undefined));
  try {
    return { ok: true, value: validateSubscriber(defined), values };
  } catch (error) {
    if (!isPaperboyError(error, 'PB_SUBSCRIBER_INVALID')) throw error;
    return { ok: false, errors: { form: error.message.split('\n')[0] }, values };
  }
}

function located(line: number, source: string, column: number | null, message: string): TopicError {
  const shown = source.replace(/\s/g, ' ');
  const caret = column === null ? '' : `${' '.repeat(Math.max(0, column - 1))}^`;
  return { line, column, message, source: column === null ? '' : shown, caret };
}
