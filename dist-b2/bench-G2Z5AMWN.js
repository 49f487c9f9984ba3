import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  createRendererFor,
  openApp
} from "./chunk-EDY7IRNU.js";
import {
  SmtpTransport,
  buildIndex,
  createMatcher,
  envelopeOf,
  ingestDumps,
  parseDump,
  refreshReaderModels,
  resolveConfig
} from "./chunk-QVJCAOJJ.js";
import {
  benchRender,
  buildMime,
  bulkInsertSubscribers,
  countEditionsByState,
  openDatabase,
  recordVotes
} from "./chunk-XBEWEB5J.js";
import "./chunk-VF57VZD3.js";

// src/bench/run-bench.ts
import { mkdirSync as mkdirSync2, mkdtempSync, readdirSync as readdirSync2, readFileSync as readFileSync3, rmSync, writeFileSync as writeFileSync2 } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join as join2 } from "node:path";
import { performance as performance3 } from "node:perf_hooks";

// src/bench/match.ts
import { performance as performance2 } from "node:perf_hooks";
var COMMON_TOPICS = [
  ["Diffusion", '"diffusion model"'],
  ["LLMs", 'LLM OR "large language model"'],
  ["RL", '"reinforcement learning"'],
  ["Quantization", "quantiz*"],
  ["Speculative decoding", '"speculative decoding"'],
  ["Transformers", "transformer"],
  ["Vision transformers", '"vision transformer" OR ViT'],
  ["OOD", '"out-of-distribution" OR OOD'],
  ["Code generation", '"code generation" OR (code LLM)'],
  ["Instruction tuning", '"instruction tuning" OR "instruction-tuned"'],
  ["Data selection", '"data selection" OR "data pruning"'],
  ["Optimal transport", '"optimal transport"'],
  ["Contrastive", "contrastive"],
  ["Video", "video (generation OR segmentation OR understanding)"],
  ["Segmentation", "segment*"],
  ["Robotics", "robot* OR manipulation"],
  ["Graphs", '"graph neural network" OR GNN'],
  ["Federated", "federated"],
  ["Privacy", '"differential privacy" OR "differentially private"'],
  ["Fairness", "fairness OR bias"],
  ["Causal", "causal*"],
  ["Interpretability", "interpretab* OR explainab*"],
  ["Benchmarks", "title:benchmark"],
  ["Scaling laws", '"scaling law"'],
  ["Pretraining", 'pretraining OR "pre-training"'],
  ["Fine-tuning", '"fine-tuning" OR LoRA'],
  ["KV cache", '"KV cache"'],
  ["Compression", "compression OR pruning OR distillation"],
  ["Efficient inference", "efficient inference"],
  ["Retrieval", "retrieval OR RAG"],
  ["Reasoning", "reasoning"],
  ["Math", "mathematical reasoning"],
  ["Agents", "agent*"],
  ["Multimodal", 'multimodal OR "vision-language"'],
  ["Speech", "speech OR audio"],
  ["Music", "music"],
  ["3D", '"3D" OR "point cloud"'],
  ["Medical", "medical OR clinical"],
  ["Protein", "protein"],
  ["Chemistry", "molecul* OR chemistry"],
  ["Time series", '"time series"'],
  ["Recommendation", "recommend*"],
  ["Imitation learning", '"imitation learning"'],
  ["Offline RL", '"offline RL" OR "offline reinforcement learning"'],
  ["Continual learning", '"continual learning" OR "catastrophic forgetting"'],
  ["Meta-learning", "meta-learning"],
  ["Few-shot", '"few-shot" OR "zero-shot"'],
  ["Self-supervised", '"self-supervised"'],
  ["Generative models", "generative model"],
  ["GANs", 'GAN OR "generative adversarial"'],
  ["VAEs", 'VAE OR "variational autoencoder"'],
  ["Normalizing flows", '"normalizing flow"'],
  ["Sampling", "sampling"],
  ["Optimization", "optimiz* (convergence OR gradient)"],
  ["SGD", '"stochastic gradient descent" OR SGD'],
  ["Generalization", "generalization"],
  ["Robustness", "robust* adversarial"],
  ["Uncertainty", "uncertainty OR calibration"],
  ["Bayesian", "bayesian"],
  ["Kernels", "kernel"],
  ["Theory", "theoretical OR theorem OR bound"],
  ["Bandits", "bandit*"],
  ["Matching", "title:matching"],
  ["Curriculum", "curriculum"],
  ["Tokenization", "tokeniz* OR tokenizer"],
  ["Embeddings", "embedding*"],
  ["Attention", "attention -survey"],
  ["State space models", '"state space model" OR Mamba'],
  ["Mixture of experts", '"mixture of experts" OR MoE'],
  ["Alignment", 'alignment OR RLHF OR "preference optimization"'],
  ["Safety", "safety OR jailbreak"],
  ["Hallucination", "hallucinat*"],
  ["Evaluation", "evaluation title:(benchmark OR evaluation)"],
  ["Datasets", "title:dataset"],
  ["Document AI", "document (extraction OR understanding)"],
  ["OCR", 'OCR OR "text recognition"'],
  ["Image generation", '"text-to-image"'],
  ["Editing", '"image editing" OR "video editing"'],
  ["Super-resolution", '"super-resolution"'],
  ["Neural networks", '"neural network"']
];
var EXCLUSIONS = ["audio", "video", "survey", "medical", "robot", "speech", "graph", "language", "image"];
var TITLE_OPENERS = ["Revisiting", "Towards", "On", "Scaling", "Rethinking", "Beyond", "Understanding"];
function benchMatch(options) {
  const random = mulberry32(options.seed ?? 1);
  const papers = syntheticPapers(options.samples, options.papers, random);
  const profiles = Array.from({ length: options.subscribers }, () => syntheticProfile(random));
  const cpuStarted = process.cpuUsage();
  const started = performance2.now();
  const index = buildIndex(papers);
  const indexed = performance2.now();
  const matcher = createMatcher(index);
  const limit = options.limit ?? 20;
  let matches = 0;
  let returned = 0;
  for (const topics2 of profiles) {
    const result = matcher.matchTopics(topics2, { limit });
    matches += result.total;
    returned += result.matches.length;
  }
  const finished2 = performance2.now();
  const cpu = process.cpuUsage(cpuStarted);
  const topics = profiles.reduce((total, topics2) => total + topics2.length, 0);
  const distinctQueries = new Set(profiles.flatMap((topics2) => topics2.map((topic) => topic.query))).size;
  return {
    subscribers: options.subscribers,
    papers: papers.length,
    topics,
    distinctQueries,
    indexMs: round(indexed - started),
    matchMs: round(finished2 - indexed),
    totalMs: round(finished2 - started),
    cpuMs: round((cpu.user + cpu.system) / 1e3),
    limit: Number.isFinite(limit) ? limit : null,
    matches,
    returned,
    matchesPerSubscriber: round(matches / Math.max(1, options.subscribers)),
    subscribersPerSecond: Math.round(options.subscribers / ((finished2 - started) / 1e3))
  };
}
function syntheticPapers(samples, count, random) {
  return Array.from({ length: count }, (_, i) => {
    const sample = samples[i % samples.length];
    const round3 = Math.floor(i / samples.length);
    const opener = TITLE_OPENERS[(round3 - 1) % TITLE_OPENERS.length];
    const title = round3 === 0 ? sample.title : `${opener} ${sample.title} (${round3})`;
    const day = 1 + Math.floor(random() * 28);
    return {
      id: `bench-${i}`,
      title,
      abstract: sample.abstract,
      authorsCount: null,
      authors: [],
      publishedAt: `2026-02-${String(day).padStart(2, "0")}`,
      upvotes: Math.floor(random() * 200),
      url: null,
      arxivId: null,
      firstSeenAt: "2026-03-01T07:00:00.000Z"
    };
  });
}
function syntheticProfile(random) {
  const count = 2 + Math.floor(random() * 2);
  return Array.from({ length: count }, () => {
    const [name2, base] = pick(COMMON_TOPICS, random);
    const query = vary(base, random);
    return random() < 0.5 ? { name: name2, query } : { name: query, query };
  });
}
function vary(query, random) {
  const roll = random();
  if (roll < 0.1) return `${query} -${pick(EXCLUSIONS, random)}`;
  if (roll < 0.15) return `title:(${query})`;
  if (roll < 0.2) return `(${query}) OR ${pick(COMMON_TOPICS, random)[1]}`;
  return query;
}
function pick(list, random) {
  return list[Math.floor(random() * list.length)];
}
function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = state + 1831565813 >>> 0;
    let t = state;
    t = Math.imul(t ^ t >>> 15, t | 1);
    t ^= t + Math.imul(t ^ t >>> 7, t | 61);
    return ((t ^ t >>> 14) >>> 0) / 4294967296;
  };
}
function round(value) {
  return Math.round(value * 10) / 10;
}

// src/bench/raw-send.ts
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

// node_modules/nodemailer/dist/esm/smtp-connection/http-proxy-client.js
var MAX_RESPONSE_HEADER_BYTES = 64 * 1024;

// src/bench/child.ts
import { fork } from "node:child_process";
function startChild(script, args, options = {}) {
  const child = fork(script, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ["ignore", "pipe", "pipe", "ipc"],
    execArgv: script.endsWith(".ts") ? ["--import", import.meta.resolve("tsx")] : []
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => stdout += chunk.toString());
  child.stderr.on("data", (chunk) => stderr += chunk.toString());
  const done = new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
  });
  return { child, done };
}

// src/bench/raw-send.ts
function writeOutbox(dir, messages) {
  mkdirSync(dir, { recursive: true });
  messages.forEach((message, i) => writeFileSync(join(dir, `${String(i).padStart(6, "0")}.eml`), message.raw));
}
async function rawSendInChild(dir, url, connections, count) {
  const script = fileURLToPath(import.meta.url).replace(/raw-send\.(ts|js)$/, "raw-process.$1");
  const { code, stdout, stderr } = await startChild(script, [dir, url, String(connections), String(count)]).done;
  if (code !== 0) throw new Error(`the raw send (for the bench) exited with code ${code}: ${stderr.trim() || stdout.trim()}`);
  return JSON.parse(stdout);
}

// src/bench/run-process.ts
import { readFileSync as readFileSync2 } from "node:fs";
import { fileURLToPath as fileURLToPath2 } from "node:url";
async function runCommand(options) {
  const here = fileURLToPath2(import.meta.url);
  const bin = here.replace(/bench[\\/]run-process\.(ts|js)$/, "cli/bin.$1");
  const childCpuBefore = childrenCpuMs();
  const started = performance.now();
  const { child, done } = startChild(bin, ["run", "--config", options.configPath, "--json"], {
    cwd: options.cwd,
    env: { ...withoutPaperboyVariables(process.env), PAPERBOY_LOG_LEVEL: "warn", ...options.env }
  });
  let peakKb = 0;
  let ticks = 0;
  const sampler = setInterval(() => {
    peakKb = Math.max(peakKb, highWaterKb(child.pid));
    if (++ticks % 5 === 0) options.onTick?.();
  }, 100);
  const { code, stdout, stderr } = await done.finally(() => clearInterval(sampler));
  const commandMs = performance.now() - started;
  if (code !== 0) throw new Error(`paperboy run (for the bench) exited with code ${code}: ${stderr.trim() || stdout.trim()}`);
  return {
    report: JSON.parse(stdout),
    commandMs,
    cpuMs: childrenCpuMs() - childCpuBefore,
    peakRssMegabytes: Math.round(peakKb / 1024)
  };
}
function withoutPaperboyVariables(env) {
  return Object.fromEntries(Object.entries(env).filter(([name2]) => !name2.startsWith("PAPERBOY_")));
}
function highWaterKb(pid) {
  if (pid === void 0) return 0;
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync2(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}
function childrenCpuMs() {
  try {
    const stat = readFileSync2("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return 0;
  }
}

// src/bench/sink-process.ts
import { fork as fork2 } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath as fileURLToPath3 } from "node:url";
var SinkProcess = class {
  #child;
  url = "";
  async start() {
    const here = fileURLToPath3(import.meta.url);
    const script = here.replace(/sink-process\.(ts|js)$/, `smtp-sink.$1`);
    if (!existsSync(script)) throw new Error(`cannot find the SMTP sink at ${script}`);
    const child = fork2(script, [], { stdio: ["ignore", "pipe", "inherit", "ipc"], execArgv: here.endsWith(".ts") ? ["--import", import.meta.resolve("tsx")] : [] });
    this.#child = child;
    const port = await new Promise((resolve, reject) => {
      child.once("error", reject);
      child.once("exit", (code) => reject(new Error(`the SMTP sink exited early (code ${code})`)));
      child.stdout.once("data", (chunk) => resolve(Number.parseInt(chunk.toString(), 10)));
    });
    this.url = `smtp://127.0.0.1:${port}`;
    return this;
  }
  /** Messages the sink accepted so far, and the CPU time it spent. */
  async stats() {
    const child = this.#child;
    if (!child) throw new Error("the SMTP sink is not running");
    return new Promise((resolve) => {
      child.once("message", (message) => resolve(message));
      child.send("stats");
    });
  }
  async stop() {
    const child = this.#child;
    if (!child || child.exitCode !== null) return;
    await new Promise((resolve) => {
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  }
};

// src/bench/run-bench.ts
var BENCH_SECRET = "bench-secret-not-for-mail-0123456789";
async function runBench(options) {
  const dir = mkdtempSync(join2(tmpdir(), "paperboy-bench-"));
  const sink = await new SinkProcess().start();
  try {
    const samples = readSamples(options.samplesDir);
    options.onStage?.("ingest");
    const dumps = writeSyntheticDumps(join2(dir, "dumps"), samples, options.papers);
    const config = resolveConfig(
      {
        dumps: { dir: "./dumps" },
        store: { url: "sqlite:./data/bench.db" },
        delivery: { transport: sink.url, maxConnections: 5, rateLimit: 1e6 },
        // Mail over SMTP must link to a public https site; the sink follows no link.
        web: { publicUrl: "https://papers.example.org" },
        digest: { maxPapers: 20 }
      },
      { source: null, baseDir: dir, env: { PAPERBOY_SECRET: BENCH_SECRET } }
    );
    const ingest = await benchIngest(join2(dir, "ingest"), dumps.dir, dumps.bytes);
    options.onStage?.("match");
    const match = fastest(Array.from({ length: 3 }, () => benchMatch({ subscribers: options.subscribers, papers: options.papers, samples, limit: 20 })));
    options.onStage?.("render");
    const renderer = await createRendererFor(config, options.log);
    const render = await benchRender({ renderer, samples });
    const app = await openApp(config, { log: options.log });
    let whole;
    let runRounds = [];
    let runPeakRss = 0;
    let smtp;
    let raw;
    let learn;
    try {
      const messages = sampleMessages(Math.min(options.subscribers, 5e3), render.message);
      const rawDir = join2(dir, "raw");
      writeOutbox(rawDir, messages.map((message) => finished(message)));
      const rawCount = options.subscribers;
      const rawRounds = [await benchRaw(sink, rawDir, rawCount, options)];
      options.onStage?.("smtp");
      const smtpProgress = (done) => options.onProgress?.("smtp", done, messages.length);
      const rounds = [await benchSmtp(sink, messages, smtpProgress)];
      options.onStage?.("subscribers");
      await insertSubscribers(app, options.subscribers);
      await ingestDumps({ db: app.db, dir: config.dumps.dir, now: /* @__PURE__ */ new Date() });
      const votes = await insertVotes(app, options.subscribers);
      options.onStage?.("learn");
      const trained = await refreshReaderModels(app);
      learn = { readers: trained.trained, votes, ms: Math.round(trained.ms), msPerReader: round2(trained.ms / Math.max(1, trained.trained)) };
      const runs = [];
      for (let round3 = 0; round3 < RUN_ROUNDS; round3++) {
        options.onStage?.("run");
        if (round3 > 0) await forgetEditions(app);
        runs.push(await benchRun(app, dir, sink, options.subscribers, (done, total) => options.onProgress?.("run", done, total)));
      }
      const sent = runs.map((run) => run.report.sent);
      if (sent.some((n) => n !== sent[0])) throw new Error(`the bench's runs sent ${sent.join(" and ")} messages: they must send the same to be compared`);
      whole = runs.reduce((a, b) => rate(b) > rate(a) ? b : a);
      runRounds = runs.map((run) => Math.round(rate(run)));
      runPeakRss = Math.max(...runs.map((run) => run.peakRss));
      options.onStage?.("smtp");
      rounds.push(await benchSmtp(sink, messages, smtpProgress));
      const best = rounds.reduce((a, b) => b.perSecond > a.perSecond ? b : a);
      smtp = { ...best, rounds: rounds.map((round3) => round3.perSecond) };
      rawRounds.push(await benchRaw(sink, rawDir, rawCount, options));
      const bestRaw = rawRounds.reduce((a, b) => b.perSecond > a.perSecond ? b : a);
      raw = { ...bestRaw, rounds: rawRounds.map((round3) => round3.perSecond) };
    } finally {
      await app.close();
    }
    const perSecond = rate(whole);
    return {
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? "unknown", node: process.version, platform: `${process.platform} ${process.arch}` },
      subscribers: options.subscribers,
      papers: options.papers,
      ingest,
      match: { subscribers: match.subscribers, papers: match.papers, ms: match.totalMs, indexMs: match.indexMs },
      learn,
      render: render.figures,
      smtp,
      raw,
      run: {
        messages: whole.report.sent,
        ms: Math.round(whole.ms),
        perSecond: Math.round(perSecond),
        ratioToSmtp: round2(perSecond / smtp.perSecond),
        ratioToRaw: round2(perSecond / raw.perSecond),
        ...whole.cpu,
        rounds: runRounds,
        peakRssMegabytes: runPeakRss,
        stages: whole.report.stages
      },
      peakRssMegabytes: Math.round(process.resourceUsage().maxRSS / 1024)
    };
  } finally {
    await sink.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
var RUN_ROUNDS = 2;
function rate(run) {
  return run.report.sent / (run.ms / 1e3);
}
async function forgetEditions(app) {
  await app.db.deleteFrom("edition_papers").execute();
  await app.db.deleteFrom("edition_digests").execute();
  await app.db.deleteFrom("editions").execute();
}
async function insertSubscribers(app, count) {
  const random = mulberry32(7);
  await bulkInsertSubscribers(
    app.db,
    Array.from({ length: count }, (_, i) => ({
      email: `reader${i}@bench.example.org`,
      name: null,
      timezone: "UTC",
      frequency: "daily",
      sendHour: null,
      sendWeekday: null,
      maxPapers: null,
      topics: syntheticProfile(random)
    })),
    /* @__PURE__ */ new Date()
  );
}
var VOTES_PER_VOTER = 50;
var VOTER_EVERY = 10;
async function insertVotes(app, subscribers) {
  const random = mulberry32(11);
  const papers = (await app.db.selectFrom("papers").select("id").orderBy("id").execute()).map((row) => row.id);
  const ids = (await app.db.selectFrom("subscribers").select("id").orderBy("id").execute()).map((row) => row.id);
  const votes = [];
  for (let i = 0; i < Math.min(subscribers, ids.length); i += VOTER_EVERY) {
    const chosen = /* @__PURE__ */ new Set();
    while (chosen.size < Math.min(VOTES_PER_VOTER, papers.length)) chosen.add(papers[Math.floor(random() * papers.length)]);
    let n = 0;
    for (const paperId of chosen) votes.push({ subscriberId: ids[i], paperId, vote: n++ % 3 === 2 ? "down" : "up" });
  }
  await recordVotes(app.db, votes, /* @__PURE__ */ new Date());
  return votes.length;
}
async function benchRun(app, dir, sink, total, onProgress) {
  const configPath = join2(dir, "paperboy.yaml");
  writeFileSync2(
    configPath,
    [
      "dumps: { dir: ./dumps }",
      'store: { url: "sqlite:./data/bench.db" }',
      `delivery: { transport: "${sink.url}", maxConnections: 5, rateLimit: 1000000 }`,
      'web: { publicUrl: "https://papers.example.org" }',
      "digest: { maxPapers: 20 }",
      ""
    ].join("\n")
  );
  const sinkBefore = await sink.stats();
  const progress = () => void countEditionsByState(app.db).then(
    (states) => onProgress((states.sent ?? 0) + (states.empty ?? 0) + (states.failed ?? 0), total),
    () => {
    }
  );
  const run = await runCommand({ cwd: dir, configPath, env: { PAPERBOY_SECRET: BENCH_SECRET }, onTick: progress });
  const sinkAfter = await sink.stats();
  const n = Math.max(1, run.report.sent);
  return {
    report: run.report,
    ms: run.report.stages.total,
    cpu: {
      cpuMsPerMessage: round2(run.cpuMs / n),
      sinkCpuMsPerMessage: round2((sinkAfter.cpuMs - sinkBefore.cpuMs) / n),
      kilobytesPerMessage: Math.round((sinkAfter.bytes - sinkBefore.bytes) / n / 102.4) / 10
    },
    peakRss: run.peakRssMegabytes
  };
}
function readSamples(dir) {
  const now = /* @__PURE__ */ new Date();
  const seen = /* @__PURE__ */ new Set();
  const samples = [];
  for (const name2 of readdirSync2(dir).sort()) {
    for (const paper of parseDump(readFileSync3(join2(dir, name2)), { name: name2, now }).papers) {
      if (seen.has(paper.title)) continue;
      seen.add(paper.title);
      samples.push({ title: paper.title, abstract: paper.abstract });
    }
  }
  return samples;
}
function writeSyntheticDumps(dir, samples, count) {
  mkdirSync2(dir, { recursive: true });
  let bytes = 0;
  for (let start = 0, file = 0; start < count; start += 1e3, file++) {
    const lines = ["new", "", "Get trending papers in your email inbox!", "", "Subscribe", "", "byAK and the research community", "", "Nov 24", ""];
    for (let i = start; i < Math.min(count, start + 1e3); i++) {
      const sample = samples[i % samples.length];
      const round3 = Math.floor(i / samples.length);
      lines.push(round3 === 0 ? sample.title : `${sample.title} (variant ${round3})`, "", sample.abstract, "");
    }
    const text = lines.join("\n");
    bytes += Buffer.byteLength(text);
    const path = join2(dir, `bench-${String(file).padStart(4, "0")}.txt`);
    writeFileSync2(path, text);
  }
  return { dir, bytes };
}
async function benchIngest(dir, dumpsDir, bytes) {
  let best = Infinity;
  for (let round3 = 0; round3 < 3; round3++) {
    const db = await openDatabase(join2(dir, `ingest-${round3}.db`));
    try {
      const started = performance3.now();
      await ingestDumps({ db, dir: dumpsDir, now: /* @__PURE__ */ new Date(), stableMs: 0 });
      best = Math.min(best, performance3.now() - started);
    } finally {
      await db.destroy();
    }
  }
  const megabytes = bytes / 1e6;
  return { megabytes: round2(megabytes), ms: Math.round(best), mbPerSecond: round2(megabytes / (best / 1e3)) };
}
function sampleMessages(count, template) {
  return Array.from({ length: Math.max(count, 200) }, (_, i) => ({
    ...template,
    messageId: `<bench-${i}@bench.example.org>`,
    to: `reader${i}@bench.example.org`
  }));
}
function finished(message) {
  const { from, to } = envelopeOf(message);
  return { raw: buildMime(message, /* @__PURE__ */ new Date()), from, to: to[0] };
}
async function benchRaw(sink, dir, count, options) {
  options.onStage?.("raw SMTP");
  return rawSendInChild(dir, sink.url, 5, count);
}
async function benchSmtp(sink, messages, onProgress) {
  const transport = new SmtpTransport({ url: sink.url, maxConnections: 5, rateLimit: 1e6 });
  const date = /* @__PURE__ */ new Date();
  const cpu = await cpuMeter(sink);
  const started = performance3.now();
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < messages.length) {
      await transport.send(messages[next++], date);
      onProgress(++done);
    }
  };
  await Promise.all(Array.from({ length: 10 }, worker));
  const ms = performance3.now() - started;
  const share = await cpu.perMessage(messages.length);
  await transport.close();
  return { messages: messages.length, ms: Math.round(ms), perSecond: Math.round(messages.length / (ms / 1e3)), ...share };
}
async function cpuMeter(sink) {
  const ours = process.cpuUsage();
  const sinks = await sink.stats();
  return {
    async perMessage(messages) {
      const used = process.cpuUsage(ours);
      const now = await sink.stats();
      const n = Math.max(1, messages);
      return {
        cpuMsPerMessage: round2((used.user + used.system) / 1e3 / n),
        sinkCpuMsPerMessage: round2((now.cpuMs - sinks.cpuMs) / n),
        kilobytesPerMessage: Math.round((now.bytes - sinks.bytes) / n / 102.4) / 10
      };
    }
  };
}
function fastest(rounds) {
  return rounds.reduce((a, b) => b.totalMs < a.totalMs ? b : a);
}
function round2(n) {
  return Math.round(n * 100) / 100;
}
export {
  benchMatch,
  benchRender,
  runBench
};
