import { describe, expect, it } from 'vitest';
import { MAX_TOPICS, readPreferencesForm, readSubscribeForm, readTopics } from '../../../src/web/form.js';

describe('readTopics', () => {
  it('reads one topic per line, skipping blank ones, names included', () => {
    expect(readTopics('Diffusion: "diffusion model" -audio\r\n\n  quantiz*  \n').topics).toEqual([
      { name: 'Diffusion', query: '"diffusion model" -audio' },
      { name: 'quantiz*', query: 'quantiz*' },
    ]);
  });

  it('locates an error by its line in the text area and its column as typed', () => {
    const { errors } = readTopics('diffusion\n\n   title: x\n-audio');
    expect(errors.map(({ line, column, caret }) => ({ line, column, caret }))).toEqual([
      { line: 3, column: expect.any(Number), caret: expect.stringMatching(/^ {3,}\^$/) },
      { line: 4, column: 1, caret: '^' },
    ]);
    expect(errors[1].message).toContain('only excludes');
  });

  it('needs at least one topic and at most the limit', () => {
    expect(readTopics(' \n ').errors[0].message).toContain('at least one topic');
    expect(readTopics(Array.from({ length: MAX_TOPICS + 1 }, (_, i) => `word${i}`).join('\n')).errors[0].message).toContain('too many');
    expect(readTopics('x'.repeat(301)).errors[0]).toMatchObject({ line: 1, column: null });
  });
});

describe('the forms', () => {
  it('validate a subscription like a subscriber file entry', () => {
    const result = readSubscribeForm({ email: ' Ada@Example.org ', topics: 'diffusion', frequency: 'weekly', timezone: '' });
    expect(result).toMatchObject({ ok: true, value: { email: 'ada@example.org', frequency: 'weekly', timezone: 'UTC', topics: [{ query: 'diffusion' }] } });
  });

  it('report each bad field on its own', () => {
    const result = readSubscribeForm({ email: 'ada', topics: '(', frequency: 'hourly', timezone: 'Nowhere/Else' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors).sort()).toEqual(['email', 'frequency', 'timezone', 'topics']);
  });

  it('read repeated or missing fields as empty, never as arrays', () => {
    const result = readPreferencesForm({ topics: ['a', 'b'], frequency: 'daily' }, 'ada@example.org');
    expect(result.ok).toBe(false);
    expect(result.values.topics).toBe('');
  });

  it('take the hour and weekday on the preferences form', () => {
    expect(readPreferencesForm({ topics: 'x', frequency: 'daily', timezone: 'UTC', sendHour: '0', sendWeekday: 'sunday' }, 'ada@example.org')).toMatchObject({
      ok: true,
      value: { sendHour: 0, sendWeekday: 7 },
    });
  });
});
