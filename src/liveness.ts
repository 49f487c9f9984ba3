import { hostname } from 'node:os';

/**
 * What this machine can tell of a process: `alive` or `gone` when it runs
 * on this host (a killed or crashed process need not wait for its heartbeat
 * or lease to expire, and a live one that was too busy to renew is not
 * taken for dead), `unknown` on another host.
 */
export function processLiveness(host: string, pid: number): 'alive' | 'gone' | 'unknown' {
  if (host !== hostname()) return 'unknown';
  try {
    process.kill(pid, 0);
    return 'alive';
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'ESRCH' ? 'gone' : 'alive';
  }
}

export function processGone(host: string, pid: number): boolean {
  return processLiveness(host, pid) === 'gone';
}
