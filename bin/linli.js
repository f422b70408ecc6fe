#!/usr/bin/env node
// The linli command. The TypeScript sources and most dependencies are bundled with esbuild and the bundle is
// what runs: loading ~300 modules one by one through tsx's loader costs about 2 s of every start, the bundle
// about 0.3 s. Its folder is named by a hash of the sources and the installed versions, so any change makes a
// new one (about 0.6 s, once). A small second bundle (src/cli/early.ts) runs first: for `linli serve` on the
// embedded database it starts opening the database while the rest loads. Where the bundles can't be written (a
// read-only checkout) or LINLI_NO_BUNDLE=1, the sources run through tsx as before.
import process from 'node:process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'src', 'cli', 'main.ts');
const earlyEntry = join(root, 'src', 'cli', 'early.ts');
const buildDir = join(root, '.build');

/** Packages that read files relative to their own location, so they must load from node_modules. */
const KEEP_EXTERNAL = ['@electric-sql/pglite', '@fastify/swagger-ui', 'pino', 'esbuild', 'tsx', 'vite'];

/** A hash of everything the bundle is made of: the sources, this file, package.json and the installed versions. */
function sourcesHash() {
  const hash = createHash('sha256');
  const src = join(root, 'src');
  const files = readdirSync(src, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .sort();
  for (const f of files) hash.update(f).update(readFileSync(join(src, f)));
  hash.update(readFileSync(fileURLToPath(import.meta.url)));
  hash.update(readFileSync(join(root, 'package.json')));
  if (existsSync(join(root, 'package-lock.json'))) hash.update(readFileSync(join(root, 'package-lock.json')));
  return hash.digest('hex').slice(0, 16);
}

/**
 * The bundles' folder, .build/<hash>: linli.mjs (the CLI) and early.mjs (src/cli/early.ts, what `linli serve`
 * does before the rest is loaded: it starts opening the embedded database).
 */
async function bundled() {
  const out = join(buildDir, sourcesHash());
  if (existsSync(join(out, 'linli.mjs'))) return out;
  const { build } = await import('esbuild');
  mkdirSync(buildDir, { recursive: true });
  // Written beside and renamed into place: two instances starting together never read half a bundle.
  const tmp = `${out}.${process.pid}.tmp`;
  await build({
    entryPoints: { linli: entry, early: earlyEntry },
    outdir: tmp,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Dependencies are bundled too (resolving and loading ~1,000 files of node_modules cost ~0.1 s of every
    // start), except those that find files beside their own code (WASM, static assets, worker scripts).
    external: KEEP_EXTERNAL,
    // Bundled CommonJS packages call require(); an ES module has none of its own.
    banner: {
      js: "import { createRequire as __linliRequire } from 'node:module'; const require = __linliRequire(import.meta.url);",
    },
    logLevel: 'silent',
  });
  try {
    renameSync(tmp, out);
  } catch (err) {
    // Another instance put the same bundles there first.
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(join(out, 'linli.mjs'))) throw err;
  }
  for (const name of readdirSync(buildDir))
    if (join(buildDir, name) !== out && !name.endsWith('.tmp'))
      rmSync(join(buildDir, name), { recursive: true, force: true });
  return out;
}

/** The CLI's module, and what ends the early start (a no-op when there was none). */
async function load(args) {
  if (process.env.LINLI_NO_BUNDLE !== '1') {
    try {
      const dir = await bundled();
      const early = await import(pathToFileURL(join(dir, 'early.mjs')).href);
      early.openEarly(args, process.env);
      const cli = await import(pathToFileURL(join(dir, 'linli.mjs')).href);
      return { runCli: cli.runCli, endEarly: early.endEarly };
    } catch (err) {
      if (process.env.LINLI_DEBUG) process.stderr.write(`linli: running from the sources: ${String(err)}\n`);
    }
  }
  const { register } = await import('tsx/esm/api');
  register();
  const [cli, early] = await Promise.all([import('../src/cli/main.ts'), import('../src/cli/early.ts')]);
  return { runCli: cli.runCli, endEarly: early.endEarly };
}

const args = process.argv.slice(2);
const { runCli, endEarly } = await load(args);
const code = await runCli(args);
// A lock or a database thread the early start took and the command did not (it refused its arguments).
await endEarly();
// Exit explicitly: database pools and timers must not keep a finished command alive.
process.exit(code);
