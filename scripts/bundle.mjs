// `npm run build` runs this after tsc: it bundles the command into a few
// files in dist/bundle/, which bin/paperboy.js loads. Node loads one file
// much faster than the ~600 modules the command is made of (kysely and zod
// alone are over 350), and that is most of what a command waits for before
// it starts working. Whatever a command loads with import() stays a chunk of
// its own, loaded only by the commands that use it.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}/dist/bundle`;

// Packages left to Node: a native module (better-sqlite3), and the large ones
// that only some commands load (MJML for a user's own templates, the web
// stack, the bounce mailbox's IMAP and MIME parsing, the bench's SMTP server).
const external = ['better-sqlite3', 'mjml', 'fastify', '@fastify/*', 'imapflow', 'mailparser', 'smtp-server'];

// The bench starts its stages as processes from its own modules' paths: it
// runs from tsc's output in dist/bench/, not from a chunk of the bundle.
const benchFromDist = {
  name: 'bench-from-dist',
  setup(b) {
    b.onResolve({ filter: /\/bench\/index\.js$/ }, () => ({ path: '../bench/index.js', external: true }));
  },
};

// Handlebars writes a compiled template with source-map's SourceNode when it
// can load it, else with a plain string builder of its own. paperboy never
// asks for a template's source map, so the bundle leaves source-map out: a
// command loads less, and compiles its templates faster.
const withoutSourceMap = {
  name: 'without-source-map',
  setup(b) {
    b.onResolve({ filter: /^source-map$/ }, () => ({ path: 'source-map', namespace: 'left-out' }));
    b.onLoad({ filter: /.*/, namespace: 'left-out' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
  },
};

// zod re-exports its error messages in every language it has; paperboy
// words its own errors and uses zod's English only.
const zodInEnglish = {
  name: 'zod-in-english',
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) => (/[\\/]zod[\\/]/.test(args.importer) ? { path: join(dirname(args.importer), args.path), namespace: 'zod-english' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'zod-english' }, (args) => ({ contents: "export { default as en } from './en.js';", resolveDir: dirname(args.path), loader: 'js' }));
  },
};

rmSync(outdir, { recursive: true, force: true });
await build({
  // The SMTP worker thread is an entry of its own: smtp-thread.ts starts it
  // from beside itself. So is what starts it early, which bin/paperboy.js
  // loads before the program (one module with the program's copy: a shared chunk).
  entryPoints: {
    paperboy: `${root}/src/cli/bin.ts`,
    'smtp-worker': `${root}/src/deliver/smtp-worker.ts`,
    'smtp-thread-early': `${root}/src/deliver/smtp-thread-early.ts`,
  },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external,
  plugins: [benchFromDist, withoutSourceMap, zodInEnglish],
  // CommonJS packages inside an ES module bundle still call require().
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  chunkNames: 'chunk-[hash]',
  logLevel: 'warning',
});
