import type SQLite from 'better-sqlite3';
import { PostgresAdapter, SqliteAdapter, type DialectAdapter, type Kysely } from 'kysely';

// Which engine a store runs on, and the SQLite store's own prepared
// statements: the explicit switch for the store functions that need their
// own SQL on one engine.

/** The two engines a store runs on. Store functions that need their own SQL on one of them switch on this. */
export type Engine = 'sqlite' | 'postgres';

/**
 * The engine behind a store (or a transaction, or a migration's handle),
 * read from the Kysely dialect's adapter the handle was built with.
 */
export function engineOf(db: Kysely<any>): Engine {
  const adapter: DialectAdapter = db.getExecutor().adapter;
  if (adapter instanceof SqliteAdapter) return 'sqlite';
  if (adapter instanceof PostgresAdapter) return 'postgres';
  throw new Error('a paperboy store is either SQLite or PostgreSQL');
}

/**
 * The prepared statements of one SQLite store, each prepared once per SQL
 * text. The few statements a run executes once per message (plan, claim,
 * sent) skip Kysely's compiling and its promise round trip this way.
 */
export class SqliteStatements {
  readonly #handle: SQLite.Database;
  readonly #cache = new Map<string, SQLite.Statement>();
  constructor(handle: SQLite.Database) {
    this.#handle = handle;
  }
  get(source: string): SQLite.Statement {
    let statement = this.#cache.get(source);
    if (!statement) this.#cache.set(source, (statement = this.#handle.prepare(source)));
    return statement;
  }
  /**
   * Runs `work` in one transaction (a savepoint inside an open one).
   * `immediate` takes the write lock at once: for work that reads before it
   * writes while other processes write too, which SQLite would otherwise
   * refuse at the first write instead of waiting its turn.
   */
  transaction<T>(work: () => T, options: { immediate?: boolean } = {}): T {
    const transaction = this.#handle.transaction(work);
    return options.immediate ? transaction.immediate() : transaction();
  }
}

/** The adapter of a paperboy SQLite store: Kysely's, carrying the store's prepared statements. */
export class StoreSqliteAdapter extends SqliteAdapter {
  constructor(readonly statements: SqliteStatements) {
    super();
  }
}

/**
 * Runs synchronous work on a SQLite store's own prepared statements while
 * holding its connection: Kysely keeps the one connection across awaits for
 * a transaction, and waiting for it here keeps this work out of someone
 * else's open transaction. Inside a transaction (`db` is one), the work
 * joins it.
 */
export async function onSqlite<T>(db: Kysely<any>, work: (statements: SqliteStatements) => T): Promise<T> {
  const adapter = db.getExecutor().adapter;
  if (!(adapter instanceof StoreSqliteAdapter)) throw new Error('onSqlite: not a store opened by openDatabase');
  return db.getExecutor().provideConnection(async () => work(adapter.statements));
}


/** Runs `work` in a transaction: a new one, or the one `db` already is. */
export async function inTransaction<D extends Kysely<any>, T>(db: D, work: (trx: D) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db);
  return db.transaction().execute((trx) => work(trx as unknown as D));
}
