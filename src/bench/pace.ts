// How fast messages went once a sender was warm. A whole command's rate
// includes its start: loading, the first messages while V8 compiles the hot
// code and the caches fill. The later half of its messages, as the server
// took them, shows the pace it settled into: set beside the raw send's, it
// tells a slow start from a slow stride.

/**
 * Messages a second over the later half of `acceptedAt` (the instants, in
 * milliseconds, at which the server took each message, in order): from the
 * middle message to the last. Null for fewer than four messages, or when
 * the later half took no time the clock could tell.
 */
export function warmPace(acceptedAt: readonly number[]): number | null {
  const count = acceptedAt.length;
  if (count < 4) return null;
  const middle = Math.floor(count / 2);
  const ms = acceptedAt[count - 1] - acceptedAt[middle];
  return ms > 0 ? Math.round(((count - 1 - middle) * 1000) / ms) : null;
}
