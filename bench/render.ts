// npx tsx bench/render.ts [--json]
// Compiled-template fill versus one MJML render per message, for a
// twenty-paper digest. Targets: ≥ 2,000 digests/s per core, ≥ 50× MJML.

import { benchRender, type LoopFigures, type RenderBenchResult } from '../src/render/bench.js';

export { benchRender, type RenderBenchResult };

export function renderBenchTable(result: RenderBenchResult): string {
  const row = (name: string, figures: LoopFigures) =>
    `${name.padEnd(36)} ${figures.perCoreSecond.toFixed(1).padStart(14)} ${figures.perSecond.toFixed(1).padStart(15)}`;
  return [
    `render: ${result.papers}-paper digest, HTML ${(result.htmlBytes / 1024).toFixed(1)} KB` +
      (result.compileMs ? `, templates compiled in ${result.compileMs.toFixed(0)} ms` : ''),
    `${'method'.padEnd(36)} ${'digests/CPU-s'.padStart(14)} ${'digests/s wall'.padStart(15)}`,
    row('compiled fill (matches shared)', result.compiled),
    row('compiled fill (every match new)', result.compiledUnshared),
    row('MJML render per message', result.mjml),
    `ratio: ${result.ratio.toFixed(0)}× (targets: ≥ 2,000 digests/s per core, ≥ 50×)`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await benchRender();
  const { message: _message, ...figures } = result;
  process.stdout.write(process.argv.includes('--json') ? `${JSON.stringify(figures, null, 2)}\n` : `${renderBenchTable(result)}\n`);
}
