// Each test file's temporary folders (stores, configs, outboxes) go when the
// file is done: a whole run of the suite made some 250 of them, and they stayed.
import { afterAll } from 'vitest';
import { removeTempDirs } from './temp.js';

afterAll(() => removeTempDirs());
