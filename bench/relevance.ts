// npx tsx bench/relevance.ts [--json]
//
// Readers with written-down hidden interests vote on two days of digests
// from the sample dumps; prints how many of day 3's papers each one wants,
// before (topics only), with acronyms, and after learning from the votes.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { relevanceTable, simulateRelevance } from '../src/bench/relevance.js';
import { sampleDays, SAMPLE_READERS } from '../test/fixtures/readers.js';

const dir = fileURLToPath(new URL('../examples/dumps/', import.meta.url));
const outcomes = simulateRelevance(sampleDays(dir, readFileSync), SAMPLE_READERS);
if (!process.argv.includes('--json')) console.log(relevanceTable(outcomes));
console.log(JSON.stringify(outcomes));
