#!/usr/bin/env node
// The installed command. `npm install` and `npm start` build dist/ first;
// the command runs from its bundle (scripts/bundle.mjs).
import '../dist/bundle/paperboy.js';
