import type { Output } from './context.js';

/**
 * A one-line progress bar on a terminal; elsewhere (logs, CI) nothing, since
 * the command's summary says the same once it is done.
 */
export function progressBar(out: Output, label: string): { update: (done: number, total: number) => void; done: () => void } | null {
  if (!out.isTTY) return null;
  let last = 0;
  let shown = false;
  return {
    update(done, total) {
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      shown = true;
      const width = 30;
      const filled = total > 0 ? Math.round((done / total) * width) : width;
      out.write(`\r${label} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${done}/${total}`);
    },
    done() {
      if (shown) out.write('\r\x1b[2K');
    },
  };
}
