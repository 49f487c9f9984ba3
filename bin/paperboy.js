#!/usr/bin/env node
// The installed command. `npm install` and `npm start` build dist/ first.
import '../dist/cli/bin.js';
