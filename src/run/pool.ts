/**
 * Runs async work with at most `limit` tasks at once. `add` waits while the
 * pool is full, so a producer feeding it never gets ahead by more than the
 * limit: that is what keeps memory flat however many editions a run has.
 */
export class WorkPool {
  readonly #limit: number;
  readonly #running = new Set<Promise<void>>();

  constructor(limit: number) {
    this.#limit = Math.max(1, limit);
  }

  async add(task: () => Promise<void>): Promise<void> {
    while (this.#running.size >= this.#limit) await Promise.race(this.#running);
    const promise: Promise<void> = task().finally(() => this.#running.delete(promise));
    this.#running.add(promise);
  }

  async drain(): Promise<void> {
    while (this.#running.size > 0) await Promise.race(this.#running);
  }
}

/**
 * A bounded hand-over from one producer to several consumers: `put` waits
 * while the queue is full, `take` waits while it is empty and gives
 * undefined once the queue is closed and empty. A run keeps its ready
 * messages here, so a connection that finishes one finds the next at once,
 * and no more than `capacity` wait in memory however many editions there are.
 */
export class ReadyQueue<T> {
  readonly #capacity: number;
  readonly #items: T[] = [];
  readonly #takers: ((item: T | undefined) => void)[] = [];
  readonly #putters: (() => void)[] = [];
  #closed = false;

  constructor(capacity: number) {
    this.#capacity = Math.max(1, capacity);
  }

  async put(item: T): Promise<void> {
    if (this.#closed) throw new Error('ReadyQueue: put after close');
    const taker = this.#takers.shift();
    if (taker) return taker(item);
    while (this.#items.length >= this.#capacity) await new Promise<void>((resolve) => this.#putters.push(resolve));
    this.#items.push(item);
  }

  take(): Promise<T | undefined> {
    if (this.#items.length > 0) {
      const item = this.#items.shift() as T;
      this.#putters.shift()?.();
      return Promise.resolve(item);
    }
    if (this.#closed) return Promise.resolve(undefined);
    return new Promise((resolve) => this.#takers.push(resolve));
  }

  /** No more items: consumers get what is left, then undefined. */
  close(): void {
    this.#closed = true;
    for (const taker of this.#takers.splice(0)) taker(undefined);
  }
}
