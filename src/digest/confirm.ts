// The double opt-in email is a digest of its own kind: no papers, just what
// the subscriber asked for, so it goes through the same renderer.

import type { Digest, Frequency, Subscriber, Topic } from '../types.js';

export interface ConfirmInput {
  subscriber: Pick<Subscriber, 'id' | 'email' | 'name' | 'timezone'>;
  topics: readonly Topic[];
  frequency: Frequency;
  /** An active subscriber's topics and frequency: the email then says what would change. */
  current?: { topics: readonly Topic[]; frequency: Frequency };
  now: Date;
}

export function buildConfirmation(input: ConfirmInput): Digest {
  const { id, email, name, timezone } = input.subscriber;
  const at = input.now.toISOString();
  return {
    kind: 'confirm',
    period: at,
    key: `confirm:${at}`,
    subscriber: { id, email, name, timezone },
    at,
    sections: [],
    moreCount: 0,
    confirm: {
      topics: input.topics.map((topic) => ({ ...topic })),
      frequency: input.frequency,
      ...(input.current ? { current: { topics: input.current.topics.map((topic) => ({ ...topic })), frequency: input.current.frequency } } : {}),
    },
  };
}
