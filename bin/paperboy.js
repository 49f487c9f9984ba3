#!/usr/bin/env node
// The built CLI: `npm run build` (run by `npm install` and `npm start`) writes dist/.
import { main } from '../dist/cli/main.js';

await main();
