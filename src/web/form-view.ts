// What the subscribe and preferences templates print about a form: values as
// typed, options with the chosen one marked, and each error both next to its
// field and in a summary at the top that links to the field.

import { WEEKDAYS } from '../config/index.js';
import type { Subscriber, Topic } from '../types.js';
import { FREQUENCIES, type FieldErrors, type FormValues } from './form.js';

export interface Option {
  value: string;
  label: string;
  selected: boolean;
}

export interface FormView {
  values: FormValues;
  errors: FieldErrors;
  hasErrors: boolean;
  errorList: { href: string; message: string }[];
  frequencies: Option[];
  hours: Option[];
  weekdays: Option[];
}

const FREQUENCY_LABELS: Record<string, string> = {
  instant: 'Instant — as soon as a matching paper arrives',
  daily: 'Daily digest',
  weekly: 'Weekly summary',
};

export function formView(values: FormValues, errors: FieldErrors, defaults: { dailyHour: number; weeklyHour: number; weekday: string }): FormView {
  const errorList: FormView['errorList'] = [];
  if (errors.email) errorList.push({ href: '#email', message: `Email: ${errors.email}` });
  for (const topic of errors.topics ?? []) errorList.push({ href: '#topics', message: `Topics, line ${topic.line}: ${topic.message}` });
  if (errors.frequency) errorList.push({ href: '#frequency', message: `How often: ${errors.frequency}` });
  if (errors.timezone) errorList.push({ href: '#timezone', message: `Time zone: ${errors.timezone}` });
  if (errors.sendHour) errorList.push({ href: '#sendHour', message: `Send hour: ${errors.sendHour}` });
  if (errors.sendWeekday) errorList.push({ href: '#sendWeekday', message: `Weekday: ${errors.sendWeekday}` });
  return {
    values,
    errors,
    hasErrors: errorList.length > 0 || errors.form !== undefined,
    errorList,
    frequencies: FREQUENCIES.map((value) => ({ value, label: FREQUENCY_LABELS[value], selected: value === values.frequency })),
    hours: [
      { value: '', label: `Default (${clock(defaults.dailyHour)} daily, ${clock(defaults.weeklyHour)} weekly)`, selected: values.sendHour === '' },
      ...Array.from({ length: 24 }, (_, hour) => ({ value: String(hour), label: clock(hour), selected: values.sendHour === String(hour) })),
    ],
    weekdays: [
      { value: '', label: `Default (${capital(defaults.weekday)})`, selected: values.sendWeekday === '' },
      ...WEEKDAYS.map((day) => ({ value: day, label: capital(day), selected: values.sendWeekday === day })),
    ],
  };
}

/** The form filled with what the store holds for a subscriber. */
export function subscriberValues(subscriber: Subscriber): FormValues {
  return {
    email: subscriber.email,
    topics: subscriber.topics.map(topicLine).join('\n'),
    frequency: subscriber.frequency,
    timezone: subscriber.timezone,
    sendHour: subscriber.sendHour === null ? '' : String(subscriber.sendHour),
    sendWeekday: subscriber.sendWeekday === null ? '' : (WEEKDAYS[subscriber.sendWeekday - 1] ?? ''),
  };
}

/** A topic as its line in the text area: `Name: query`, or the query when it has no name of its own. */
export function topicLine(topic: Topic): string {
  return topic.name === topic.query ? topic.query : `${topic.name}: ${topic.query}`;
}

function clock(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`;
}

function capital(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
