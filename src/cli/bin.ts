// The executable's entry: bin/paperboy.js loads the built copy of this file.
import { main } from './main.js';

await main();
