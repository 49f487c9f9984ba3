import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  SourceFetcher,
  loadSecret,
  parseSubscriberFile,
  readSubscriberBytes,
  require_pino
} from "./chunk-QVJCAOJJ.js";
import {
  createRenderer,
  mergedSeedFile,
  openDatabase,
  recordSeedFile,
  seedHashesByEmail,
  upsertSubscribers
} from "./chunk-XBEWEB5J.js";
import {
  __toESM
} from "./chunk-VF57VZD3.js";

// src/app.ts
var import_pino = __toESM(require_pino(), 1);
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
var systemClock = { now: () => /* @__PURE__ */ new Date() };
async function openApp(config, options = {}) {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? (0, import_pino.pino)({ level: "silent" });
  const db = await openDatabase(config.storePath);
  try {
    if (options.seed !== false && config.subscribers) await seedSubscribers(db, config.subscribers, clock.now(), log);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const fetcher = new SourceFetcher({ userAgent: userAgent(config.web.publicUrl), ...options.sleep ? { sleep: options.sleep } : {} });
  return { config, db, clock, log, sources: { list: config.sources, fetcher }, close: () => db.destroy() };
}
function userAgent(publicUrl) {
  const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
  return `paperboy/${version} (+${publicUrl})`;
}
async function seedSubscribers(db, path, now, log) {
  const bytes = readSubscriberBytes(path);
  const sha256 = sha256Of(bytes);
  if (await mergedSeedFile(db, path) === sha256) return;
  const inputs = parseSubscriberFile(bytes, path);
  const hashes = new Map(inputs.map((input) => [input.email, sha256Of(JSON.stringify(entryFields(input)))]));
  const known = await seedHashesByEmail(db);
  const changed = inputs.filter((input) => known.get(input.email) !== hashes.get(input.email));
  const counts = await upsertSubscribers(db, changed, { now, status: "active", seedHashes: hashes });
  await recordSeedFile(db, path, sha256, now);
  const unchanged = counts.unchanged + inputs.length - changed.length;
  if (counts.added + counts.updated > 0) log.info({ file: path, ...counts, unchanged }, "merged seed subscribers");
}
function entryFields(input) {
  return [input.email, input.name, input.timezone, input.frequency, input.sendHour, input.sendWeekday, input.maxPapers, input.topics.map((topic) => [topic.name, topic.query])];
}
function sha256Of(data) {
  return createHash("sha256").update(data).digest("hex");
}
async function createRendererFor(config, log) {
  return createRenderer({
    templatesDir: config.templates,
    publicUrl: config.web.publicUrl,
    from: config.delivery.from,
    secret: loadSecret(config, log),
    bounceLocalPart: config.bounces.localPart
  });
}
function bounceMailboxFor(app) {
  const url = app.config.bounces.imap;
  if (!url) return null;
  const secret = loadSecret(app.config, app.log);
  return async () => {
    const { readBounceMailbox } = await import("./bounce-mailbox-FNRMX7DX.js");
    const { folder, localPart } = app.config.bounces;
    return readBounceMailbox({ db: app.db, url, folder, secret, localPart, now: () => app.clock.now(), log: app.log });
  };
}

export {
  systemClock,
  openApp,
  createRendererFor,
  bounceMailboxFor
};
