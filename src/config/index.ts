export { loadConfig, locateConfig, resolveConfig, type Config, type Env } from './load.js';
export { configSchema, isTimeZone, WEEKDAYS, type ConfigFile } from './schema.js';
export { parseSubscriberFile, readSubscriberBytes, readSubscriberFile, validateSubscriber, type SubscriberEntry } from './subscribers-file.js';
export { loadSecret } from './secret.js';
