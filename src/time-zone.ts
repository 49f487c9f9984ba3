// A subscriber's time zone is an IANA name (Europe/London). Node 24's Intl
// also takes a UTC offset (`+05:30`) as a time zone and Node 20's does not;
// paperboy refuses offsets on every Node: an offset has no daylight saving
// time, so `-05:00` for New York would send at the wrong hour half the year.

/** Whether `zone` is written as a UTC offset (`+05:30`, `-0800`, `−03`) rather than a zone name. */
export function isUtcOffset(zone: string): boolean {
  return /^[+\-\u2212]/.test(zone);
}
