// Each test file's temporary folders (stores, configs, outboxes) go when the
// file is done, so a run of the suite leaves none behind in the system's
// temporary folder.
import { afterAll } from 'vitest';
import { removeTempDirs } from './temp.js';

afterAll(() => removeTempDirs());
