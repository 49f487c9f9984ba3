#!/usr/bin/env node
// The installed command. `npm install` and `npm start` build dist/ first;
// the command runs from its bundle (scripts/bundle.mjs).
import module from 'node:module';

// Node 22.1+ keeps the compiled bundle on disk between runs, so a command
// does not compile the same code again each time it starts; older Nodes lack it.
module.enableCompileCache?.();
await import('../dist/bundle/paperboy.js');
