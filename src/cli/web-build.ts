import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';

/** The newest file under `dir` (skipping build output and dependencies): its path and mtime in ms. */
export function newestFile(
  dir: string,
  skip = new Set(['dist', 'node_modules']),
): { path: string; mtimeMs: number } {
  let newest = { path: dir, mtimeMs: 0 };
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skip.has(entry.name)) continue;
    const path = join(dir, entry.name);
    const found = entry.isDirectory() ? newestFile(path, skip) : { path, mtimeMs: statSync(path).mtimeMs };
    if (found.mtimeMs > newest.mtimeMs) newest = found;
  }
  return newest;
}

/** Why web/dist needs building, or null when it is up to date. */
export function webBuildReason(webDir: string): string | null {
  const index = join(webDir, 'dist', 'index.html');
  if (!existsSync(index)) return 'web/dist is missing';
  const built = statSync(index).mtimeMs;
  const newest = newestFile(webDir);
  return newest.mtimeMs > built ? `${relative(dirname(webDir), newest.path)} is newer than web/dist` : null;
}

/**
 * Makes sure web/dist is built from the current sources, running `vite build --config web/vite.config.ts` in a
 * child process (its output goes to stderr) when dist is missing or older than any file in web/. Returns the
 * folder to serve, or null (API only) when there is no web app or the first build fails.
 */
export async function ensureWebBuilt(
  rootDir: string,
  log: (message: string) => void,
): Promise<string | null> {
  const webDir = join(rootDir, 'web');
  const dist = join(webDir, 'dist');
  if (!existsSync(join(webDir, 'index.html')) || !existsSync(join(webDir, 'vite.config.ts'))) {
    log('No web app in web/; serving the API only.');
    return null;
  }
  const reason = webBuildReason(webDir);
  if (!reason) return dist;
  log(`Building the web app (${reason}): vite build --config web/vite.config.ts …`);
  const started = performance.now();
  const code = await runViteBuild(rootDir);
  const hasDist = existsSync(join(dist, 'index.html'));
  if (code === 0 && hasDist) {
    log(`Built the web app in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
    return dist;
  }
  log(
    hasDist
      ? `The web build failed (exit ${code}); serving the previous build in web/dist.`
      : `The web build failed (exit ${code}); serving the API only. Run "npm run build:web" to see why.`,
  );
  return hasDist ? dist : null;
}

function runViteBuild(rootDir: string): Promise<number> {
  const viteBin = join(
    dirname(createRequire(import.meta.url).resolve('vite/package.json')),
    'bin',
    'vite.js',
  );
  return new Promise((resolvePromise) => {
    // stdout → our stderr: the server's stdout stays for its own output.
    const child = spawn(process.execPath, [viteBin, 'build', '--config', 'web/vite.config.ts'], {
      cwd: rootDir,
      stdio: ['ignore', process.stderr, process.stderr],
    });
    child.on('error', () => resolvePromise(127));
    child.on('exit', (code) => resolvePromise(code ?? 1));
  });
}
