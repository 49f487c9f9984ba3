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
