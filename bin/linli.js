#!/usr/bin/env node
// The linli command. The TypeScript sources and most dependencies are bundled into one file with esbuild and
// that file is what runs: loading ~300 modules one by one through tsx's loader costs about 2 s of every start,
// the bundle about 0.2 s (0.3 s with the dependencies left in node_modules). The bundle is named by a hash of
// the sources and the installed versions, so any change makes a new one (about 0.6 s, once). Where it can't be
// written (a read-only checkout) or LINLI_NO_BUNDLE=1, the sources run through tsx as before.
import process from 'node:process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'src', 'cli', 'main.ts');
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

async function bundled() {
  const out = join(buildDir, `linli-${sourcesHash()}.mjs`);
  if (existsSync(out)) return out;
  const { build } = await import('esbuild');
  mkdirSync(buildDir, { recursive: true });
  // Written beside and renamed into place: two instances starting together never read half a file.
  const tmp = `${out}.${process.pid}.tmp`;
  await build({
    entryPoints: [entry],
    outfile: tmp,
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
  renameSync(tmp, out);
  for (const name of readdirSync(buildDir))
    if (name.startsWith('linli-') && join(buildDir, name) !== out && !name.endsWith('.tmp'))
      rmSync(join(buildDir, name), { force: true });
  return out;
}

async function load() {
  if (process.env.LINLI_NO_BUNDLE !== '1') {
    try {
      return await import(pathToFileURL(await bundled()).href);
    } catch (err) {
      if (process.env.LINLI_DEBUG) process.stderr.write(`linli: running from the sources: ${String(err)}\n`);
    }
  }
  const { register } = await import('tsx/esm/api');
  register();
  return import('../src/cli/main.ts');
}

const { runCli } = await load();
const code = await runCli(process.argv.slice(2));
// Exit explicitly: database pools and timers must not keep a finished command alive.
process.exit(code);
