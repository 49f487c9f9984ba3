// The renderer lives as long as `paperboy start` does, run after run. What it
// caches for one run's matches (parts, looks, filled cards) must go when that
// run's matcher and papers do: a long-running process must not keep every
// run's papers.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));

// Renders a run's worth of shared (frozen) matches, drops them, collects, and
// reports whether a match and a paper of that run are still reachable.
const SCRIPT = `
  const { createRenderer } = await import(${JSON.stringify(`${root}src/render/index.ts`)});
  const { dailyDigest, PUBLIC_URL, FROM, SECRET } = await import(${JSON.stringify(`${root}test/unit/render/fixtures.ts`)});
  const renderer = await createRenderer({ publicUrl: PUBLIC_URL, from: FROM, secret: SECRET });
  const run = () => {
    const digest = dailyDigest();
    const shared = { ...digest, sections: digest.sections.map((s) => ({ ...s, matches: s.matches.map((m) => Object.freeze({ ...m })) })) };
    const first = shared.sections[0].matches[0];
    renderer.render(shared);
    renderer.render({ ...shared, subscriber: { ...shared.subscriber, id: 7 } });
    return { match: new WeakRef(first), paper: new WeakRef(first.paper) };
  };
  const refs = run();
  await new Promise((resolve) => setTimeout(resolve, 10));
  globalThis.gc();
  await new Promise((resolve) => setTimeout(resolve, 10));
  globalThis.gc();
  console.log(JSON.stringify({ match: refs.match.deref() !== undefined, paper: refs.paper.deref() !== undefined }));
`;

describe("the renderer's paper cache", () => {
  it("lets go of a run's matches and papers once the run does", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', SCRIPT], { cwd: root, timeout: 60_000 });
    expect(JSON.parse(stdout.trim().split('\n').pop()!)).toEqual({ match: false, paper: false });
  }, 60_000);
});
