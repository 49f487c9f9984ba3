import { hostname } from 'node:os';

/**
 * Whether a process on this machine is known to be gone (killed, crashed):
 * then whatever it held need not wait for its heartbeat or lease to expire.
 * A process on another host cannot be looked at from here: never "gone".
 */
export function processGone(host: string, pid: number): boolean {
  if (host !== hostname()) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
