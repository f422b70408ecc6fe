/**
 * Cold start: `npm start` to the first `GET /healthz` 200 on an existing embedded database. A fresh data
 * folder is created by a first `npm start` (initialises PGlite, seeds the demo, builds web/dist if missing),
 * stopped with SIGTERM, then started `runs` times more; each start is timed from spawn to the first 200.
 * Goal: ≤ 3 s.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmt, root } from './support.ts';

export interface ColdStartResult {
  firstMs: number;
  runsMs: number[];
  medianMs: number;
}

async function timedStart(dataDir: string, port: number): Promise<number> {
  const started = performance.now();
  // detached: npm runs node under a shell; the whole process group is signalled at the end.
  const child = spawn('npm', ['start', '--silent'], {
    cwd: root,
    env: {
      ...process.env,
      LINLI_DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
    detached: true,
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    for (;;) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (res.ok) return performance.now() - started;
      } catch {
        // not listening yet
      }
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
      if (performance.now() - started > 180_000) throw new Error('npm start did not answer in 180 s');
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
    // npm may exit before its node child has closed the database: wait for the folder's lock to go.
    for (let i = 0; i < 400 && existsSync(join(dataDir, 'linli.lock')); i++)
      await new Promise((r) => setTimeout(r, 25));
  }
}

export async function coldStart(runs = 3, port = 3911): Promise<ColdStartResult> {
  const dir = mkdtempSync(join(tmpdir(), 'linli-cold-'));
  const dataDir = join(dir, 'data');
  try {
    const firstMs = await timedStart(dataDir, port);
    const runsMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      runsMs.push(await timedStart(dataDir, port));
    }
    const sorted = [...runsMs].sort((a, b) => a - b);
    return { firstMs, runsMs, medianMs: sorted[Math.floor(sorted.length / 2)]! };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printColdStart(r: ColdStartResult): void {
  console.log(
    '\n## Cold start: `npm start` → GET /healthz 200 on an existing embedded database (demo compound)',
  );
  console.table([
    {
      'first start, new folder ms': fmt(r.firstMs),
      'restarts ms': r.runsMs.map((ms) => fmt(ms)).join(', '),
      'median ms': fmt(r.medianMs),
    },
  ]);
}
