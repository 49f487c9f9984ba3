// npx tsx bench/match.ts [--subscribers 100000] [--papers 1000] [--limit 20|all] [--json]
//
// Matches synthetic subscribers against the papers of test/fixtures/papers.json
// (repeated up to --papers); prints a table and the figures as JSON.
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { benchMatch, matchBenchTable, type BenchMatchOptions } from '../src/bench/match.js';

export { benchMatch, matchBenchTable };

function main(): void {
  const { values } = parseArgs({
    options: {
      subscribers: { type: 'string', default: '100000' },
      papers: { type: 'string', default: '1000' },
      limit: { type: 'string', default: '20' },
      json: { type: 'boolean', default: false },
    },
  });
  const fixture = fileURLToPath(new URL('../test/fixtures/papers.json', import.meta.url));
  const samples = JSON.parse(readFileSync(fixture, 'utf8')) as BenchMatchOptions['samples'];
  const result = benchMatch({
    subscribers: Number(values.subscribers),
    papers: Number(values.papers),
    limit: values.limit === 'all' ? Infinity : Number(values.limit),
    samples,
  });
  if (!values.json) console.log(matchBenchTable(result));
  console.log(JSON.stringify(result));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
