// Memoisation for the hot path: the same few strings come through a pure
// function for every message of a run (the sender's address, a topic's why
// line), and a lookup costs a hash the string already holds.

/**
 * `fn`, remembering its answers. A long-running process meets new values
 * every day: past `limit` of them it starts afresh rather than grow.
 */
export function remembering(fn: (text: string) => string, limit = 20_000): (text: string) => string {
  const answers = new Map<string, string>();
  return (text) => {
    let answer = answers.get(text);
    if (answer === undefined) {
      answer = fn(text);
      if (answers.size >= limit) answers.clear();
      answers.set(text, answer);
    }
    return answer;
  };
}
