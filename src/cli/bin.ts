// The executable's entry: bin/paperboy.js loads the built copy of this file.
import { capHeapGrowthOnceLarge } from './heap-growth.js';
import { main } from './main.js';

void capHeapGrowthOnceLarge();

await main();
