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
import { relevanceSummary, relevanceTable, simulateRelevance, type ReaderOutcome, type SimulatedReader } from '../src/bench/relevance.js';
import type { Paper } from '../src/types.js';
import { judgedReaders, sampleDays, sampleDaysByDump, SAMPLE_READERS } from '../test/fixtures/readers.js';

const dir = fileURLToPath(new URL('../examples/dumps/', import.meta.url));
// Tables for the first two reader sets with the papers spread evenly; a summary for every pairing.
const readerSets: { name: string; readers: readonly SimulatedReader[]; table: boolean }[] = [
  { name: 'readers judged by a query', readers: SAMPLE_READERS, table: true },
  { name: 'readers judged by reading each paper (first judge)', readers: judgedReaders('first'), table: true },
  { name: 'readers judged by reading each paper (second judge)', readers: judgedReaders('second'), table: false },
];
const spreads: { name: string; days: Paper[][]; table: boolean }[] = [
  { name: 'papers spread evenly over three days', days: sampleDays(dir, readFileSync), table: true },
  { name: 'a dump a day', days: sampleDaysByDump(dir, readFileSync), table: false },
];

const json = process.argv.includes('--json');
const results: { readers: string; days: string; outcomes: ReaderOutcome[] }[] = [];
for (const spread of spreads) {
  for (const set of readerSets) {
    const outcomes = simulateRelevance(spread.days, set.readers);
    results.push({ readers: set.name, days: spread.name, outcomes });
    if (json) continue;
    console.log(`## ${set.name}, ${spread.name}\n`);
    if (spread.table && set.table) console.log(`${relevanceTable(outcomes)}\n`);
    console.log(`${relevanceSummary(outcomes)}\n`);
  }
}
if (json) console.log(JSON.stringify(results));
