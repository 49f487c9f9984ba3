// The papers a reader already had, as the store reads them: one list of ids
// per past edition. Readers with the same topics got the same digests, so
// their lists are the same arrays (the store splits each distinct list once),
// and the matcher turns each list into ordinals once for all of them
// (matcher.ts).

/** The lists are shared between readers: never change one. */
export type PaperIdList = readonly string[];

export class SentPapers implements ReadonlySet<string> {
  readonly lists: readonly PaperIdList[];
  #ids: Set<string> | undefined;

  constructor(lists: readonly PaperIdList[]) {
    this.lists = lists;
  }

  // Asked as a set (by a caller that does not read the lists), it builds one, once.
  get size(): number {
    return this.#set().size;
  }

  has(id: string): boolean {
    return this.#set().has(id);
  }

  forEach(callback: (value: string, key: string, set: ReadonlySet<string>) => void, thisArg?: unknown): void {
    for (const id of this.#set()) callback.call(thisArg, id, id, this);
  }

  entries(): SetIterator<[string, string]> {
    return this.#set().entries();
  }

  keys(): SetIterator<string> {
    return this.#set().keys();
  }

  values(): SetIterator<string> {
    return this.#set().values();
  }

  [Symbol.iterator](): SetIterator<string> {
    return this.#set().values();
  }

  #set(): Set<string> {
    return (this.#ids ??= new Set(this.lists.flat()));
  }
}

/**
 * The papers already sent and others the reader has seen: a SentPapers
 * stays one, with the others as one more list, so that the matcher still
 * reads it list by list.
 */
export function withSeen(sent: ReadonlySet<string>, seen: PaperIdList): ReadonlySet<string> {
  if (seen.length === 0) return sent;
  return sent instanceof SentPapers ? new SentPapers([...sent.lists, seen]) : new Set([...sent, ...seen]);
}
