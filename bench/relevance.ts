// npx tsx bench/relevance.ts [--json]
//
// Readers with written-down hidden interests vote on two days of digests
// from the sample dumps; prints how many of day 3's papers each one wants,
// before (topics only), with acronyms, and after learning from the votes.
// Two kinds of reader (judged by a query, or by a judge who read each
// paper) and two ways of spreading the papers over the days (evenly, or a
// dump a day).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { relevanceSummary, relevanceTable, simulateRelevance, type SimulatedReader } from '../src/bench/relevance.js';
import type { Paper } from '../src/types.js';
import { judgedReaders, sampleDays, sampleDaysByDump, SAMPLE_READERS } from '../test/fixtures/readers.js';

const dir = fileURLToPath(new URL('../examples/dumps/', import.meta.url));
const readerSets: [string, readonly SimulatedReader[]][] = [
  ['readers judged by a query', SAMPLE_READERS],
  ['readers judged by reading each paper (first judge)', judgedReaders('first')],
  ['readers judged by reading each paper (second judge)', judgedReaders('second')],
];
const spreads: [string, Paper[][]][] = [
  ['papers spread evenly over three days', sampleDays(dir, readFileSync)],
  ['a dump a day', sampleDaysByDump(dir, readFileSync)],
];

const results: { readers: string; days: string; outcomes: ReturnType<typeof simulateRelevance> }[] = [];
for (const [days, papers] of spreads) {
  for (const [readers, set] of readerSets) {
    const outcomes = simulateRelevance(papers, set);
    results.push({ readers, days, outcomes });
    if (process.argv.includes('--json')) continue;
    console.log(`## ${readers}, ${days}\n`);
    if (days === spreads[0][0] && readers !== readerSets[2][0]) console.log(`${relevanceTable(outcomes)}\n`);
    console.log(`${relevanceSummary(outcomes)}\n`);
  }
}
if (process.argv.includes('--json')) console.log(JSON.stringify(results));
