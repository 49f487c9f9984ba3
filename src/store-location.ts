// Where a store is, as `store.url` or PAPERBOY_DATABASE_URL says: the one
// place that tells a PostgreSQL URL from a SQLite file, and prints either
// without a password.

/** What `store.url` names: a SQLite file (or `:memory:`), or a PostgreSQL database. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/**
 * The store's location as it may be printed: a file path, or a PostgreSQL
 * URL without its password.
 */
export function describeStore(location: string): string {
  if (!isPostgresUrl(location)) return location;
  try {
    const url = new URL(location);
    const db = decodeURIComponent(url.pathname.slice(1)) || '(default database)';
    return `${url.hostname || 'localhost'}:${url.port || '5432'}/${db}`;
  } catch {
    return 'a PostgreSQL URL that does not parse';
  }
}
