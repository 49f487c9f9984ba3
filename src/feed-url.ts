// When two spellings of a feed's URL are one feed: the one rule the
// configuration (a feed listed twice) and `paperboy ingest <URL>` (a feed
// that is already a source) both go by.

/** Whether a name given where a dump file may go is a feed's URL instead. */
export function isFeedUrl(name: string): boolean {
  return /^https?:\/\//i.test(name);
}

/** A feed's URL as fetch sends it: `HTTPS://Host/` and `https://host/` are one feed. */
export function feedKey(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
}
