/**
 * Does this machine make memory slow to touch after it has sat untouched? (`npm run bench -- idlemem`, ~3 min,
 * not in the default run.) One process holds 400 MB in a Buffer and 2 million small objects on its heap, walks
 * both, then leaves them untouched for 10, 30 and 90 s and walks them twice again each time; a CPU loop that
 * touches no memory is the control. On the twenty-third session's machine the first walk after 90 s took
 * 2–3 × the second, with no page fault the guest's kernel saw and no system time: the host's doing, the same
 * 2–3 × that a rush after a quiet spell showed across the server (bench/quiet.ts, docs/benchmarks.md).
 */
import { fmt } from './support.ts';

const MB = 1024 * 1024;

export interface IdleMemoryResult {
  idleSeconds: number;
  /** Milliseconds: the first walk after the idle spell, and the one right after it. */
  buffer: [number, number];
  objects: [number, number];
  cpuLoop: number;
  /** Page faults the process's kernel counted during the first buffer walk. */
  faults: number;
}

const timed = (f: () => unknown): number => {
  const t = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t) / 1e6;
};

export async function idleMemory(idleSeconds: readonly number[] = [10, 30, 90]): Promise<IdleMemoryResult[]> {
  const buffer = Buffer.alloc(400 * MB, 1);
  const objects = Array.from({ length: 2_000_000 }, (_, i) => ({ a: i, b: i * 2 }));
  let sink = 0;
  // (Local sums, added to `sink` once per walk: a captured variable written in the loop slows it threefold.)
  const walkBuffer = () => {
    let sum = 0;
    for (let i = 0; i < buffer.length; i += 64) sum += buffer[i]!;
    sink += sum;
  };
  const walkObjects = () => {
    let sum = 0;
    for (let i = 0; i < objects.length; i++) sum += objects[i]!.b;
    sink += sum;
  };
  const cpuLoop = () => {
    let x = 1;
    for (let i = 0; i < 50_000_000; i++) x = (x * 1103515245 + 12345) | 0;
    sink += x;
  };
  walkBuffer();
  walkObjects();
  cpuLoop();
  const results: IdleMemoryResult[] = [];
  for (const seconds of idleSeconds) {
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const faults0 = process.resourceUsage();
    const firstBuffer = timed(walkBuffer);
    const faults1 = process.resourceUsage();
    const secondBuffer = timed(walkBuffer);
    const firstObjects = timed(walkObjects);
    const secondObjects = timed(walkObjects);
    results.push({
      idleSeconds: seconds,
      buffer: [firstBuffer, secondBuffer],
      objects: [firstObjects, secondObjects],
      cpuLoop: timed(cpuLoop),
      faults:
        faults1.minorPageFault - faults0.minorPageFault + (faults1.majorPageFault - faults0.majorPageFault),
    });
  }
  if (sink === 42) console.log(''); // (keeps the walks from being optimised away)
  return results;
}

export function printIdleMemory(results: readonly IdleMemoryResult[]): void {
  console.log('\n## Memory left untouched: 400 MB Buffer and 2 M objects walked after an idle spell (ms)');
  console.table(
    results.map((r) => ({
      'idle s': r.idleSeconds,
      'buffer, first walk → second': `${fmt(r.buffer[0], 1)} → ${fmt(r.buffer[1], 1)}`,
      'objects, first walk → second': `${fmt(r.objects[0], 1)} → ${fmt(r.objects[1], 1)}`,
      'first ÷ second (buffer)': fmt(r.buffer[0] / r.buffer[1], 2),
      'page faults in the first walk': r.faults,
      'CPU loop ms (control)': fmt(r.cpuLoop, 1),
    })),
  );
}
