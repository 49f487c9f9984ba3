import type { Db } from './database.js';
import { recordDeliverySteps, type DeliveryStep } from './editions.js';

/**
 * Delivery steps (claims, acceptances) committed together: one commit at a
 * time, and the steps that arrive while it runs go in the next one. With a
 * store a round trip away, a commit then carries as many messages' steps as
 * arrived during the last, instead of one each; with SQLite, whose commits
 * finish within the turn, it carries the steps of one turn of the event loop.
 * A step's promise settles once its commit is done, so a message is still
 * `sending` before the transport has it and `sent` before its sender moves
 * on: only the commit is shared.
 */
export class GroupCommit {
  readonly #db: Db;
  readonly #now: () => Date;
  #waiting: { step: DeliveryStep; resolve: (changed: boolean) => void; reject: (error: unknown) => void }[] = [];
  /** A commit is scheduled or running: new steps wait for the next. */
  #busy = false;

  constructor(db: Db, now: () => Date) {
    this.#db = db;
    this.#now = now;
  }

  /** Records the step with the others waiting; whether it changed its edition (see recordDeliverySteps). */
  record(step: DeliveryStep): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ step, resolve, reject });
      if (this.#busy) return;
      this.#busy = true;
      setImmediate(() => void this.#commit());
    });
  }

  async #commit(): Promise<void> {
    const batch = this.#waiting;
    this.#waiting = [];
    try {
      const changed = await recordDeliverySteps(this.#db, batch.map((entry) => entry.step), this.#now());
      batch.forEach((entry, i) => entry.resolve(changed[i]));
    } catch (error) {
      for (const entry of batch) entry.reject(error);
    }
    if (this.#waiting.length > 0) setImmediate(() => void this.#commit());
    else this.#busy = false;
  }
}
