export { openDatabase, type Db } from './database.js';
export * from './papers.js';
export * from './subscribers.js';
export * from './editions.js';
export * from './lease.js';
export * from './runs.js';
export * from './feedback.js';
export * from './subscriptions.js';
export * from './web.js';
