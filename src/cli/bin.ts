// The executable's entry: bin/paperboy.js loads the built copy of this file.
import { setFlagsFromString } from 'node:v8';
import { main } from './main.js';

// V8 lets the heap grow to up to four times what is live before a full
// collection when collecting is cheap, and a run makes a digest's worth of
// short-lived strings hundreds of times a second. Measured on a run for
// 100,000 subscribers: about 240 MB live, but 1.3 GB resident by default,
// 0.5 GB with the growth capped at 50 % (a full collection every few
// seconds, a few per cent of the CPU). The heap reads the flag each time it
// sets its next limit, so setting it here, before any work, is enough.
setFlagsFromString('--heap-growing-percent=50');

await main();
