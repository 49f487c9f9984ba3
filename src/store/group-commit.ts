import type { Db } from './database.js';
import { recordDeliverySteps, type DeliveryStep } from './editions.js';

/**
 * The delivery steps (claims, acceptances) of one turn of the event loop,
 * committed together: with a connection's replies arriving while the run
 * builds the next digest, a commit then carries several messages' steps
 * instead of one each. A step's promise settles once its commit is done,
 * so a message is still `sending` before the transport has it and `sent`
 * before its sender moves on: only the commit is shared.
 */
export class GroupCommit {
  readonly #db: Db;
  readonly #now: () => Date;
  #waiting: { step: DeliveryStep; resolve: (changed: boolean) => void; reject: (error: unknown) => void }[] = [];
  #scheduled = false;

  constructor(db: Db, now: () => Date) {
    this.#db = db;
    this.#now = now;
  }

  /** Records the step with the others of this turn; whether it changed its edition (see recordDeliverySteps). */
  record(step: DeliveryStep): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ step, resolve, reject });
      if (this.#scheduled) return;
      this.#scheduled = true;
      setImmediate(() => void this.#commit());
    });
  }

  async #commit(): Promise<void> {
    const batch = this.#waiting;
    this.#waiting = [];
    this.#scheduled = false;
    try {
      const changed = await recordDeliverySteps(this.#db, batch.map((entry) => entry.step), this.#now());
      batch.forEach((entry, i) => entry.resolve(changed[i]));
    } catch (error) {
      for (const entry of batch) entry.reject(error);
    }
  }
}
