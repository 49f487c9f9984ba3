// Node 24's Intl takes a UTC offset as a time zone and Node 20's does not:
// paperboy refuses offsets on both, so this file passes the same on each.
import { describe, expect, it } from 'vitest';
import { isTimeZone, parseSubscriberFile } from '../../../src/config/index.js';
import { isPaperboyError } from '../../../src/errors.js';
import { localDate } from '../../../src/schedule/local-time.js';

describe('a subscriber time zone', () => {
  it('is an IANA name, Etc/GMT±N included', () => {
    for (const zone of ['Europe/London', 'Asia/Kolkata', 'UTC', 'Etc/GMT+5']) expect(isTimeZone(zone)).toBe(true);
  });

  it('is never a UTC offset, whatever this Node accepts', () => {
    for (const zone of ['+05:30', '-08:00', '+0530', '-03', '\u221203:00']) {
      expect(isTimeZone(zone)).toBe(false);
      let code: string | undefined;
      try {
        localDate(new Date('2026-11-24T00:00:00Z'), zone);
      } catch (error) {
        code = isPaperboyError(error) ? error.code : 'other';
      }
      expect(code).toBe('PB_SUBSCRIBER_INVALID');
    }
  });

  it('written as an offset in the subscribers file is named with the fix', () => {
    let message = '';
    try {
      parseSubscriberFile(Buffer.from("- email: ada@example.org\n  timezone: '+05:30'\n  topics: [diffusion]\n"), 'subscribers.yaml');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/subscribers\.yaml line \d+ .*timezone: unknown time zone — use an IANA name such as Europe\/London/);
  });
});
