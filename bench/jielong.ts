/**
 * `npm run bench -- jielong` (or `node --import tsx bench/jielong.ts`): how many 接龙 lines per second the
 * parser reads, on its own and with item matching and the import review. Pure CPU: no server, no database.
 * A list of 10,000 lines in many styles (the corpus's lines plus generated ones) is read 7 times; the median
 * is printed.
 */
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { parseToContract } from '../src/core/jielong/contract.ts';
import corpus from '../src/core/jielong/corpus.json' with { type: 'json' };
import { parseJielong } from '../src/core/jielong/parse-jielong.ts';
import { reviewList } from '../src/core/jielong/review-fns.ts';

const ITEMS = ['鸡蛋', '牛奶', '蔬菜包', '橙子', '大米'];
const STYLES = [
  (n: number, b: number, r: string) => `${n}. ${b}-${r} 鸡蛋2盒 牛奶1箱`,
  (n: number, b: number, r: string) => `${n}、${b}号楼${r} 菜包1份,纯牛奶2箱 王阿姨`,
  (n: number, b: number, r: string) => `${n}) ${b}栋${r}室 鸡蛋两盒 放门口🙏`,
  (n: number, b: number, r: string) => `${n}. No.${b}-${r} 橙×3 大米*1`,
  (n: number, b: number, r: string) => `${n}. ${b}#${r} +1 鸡蛋`,
  (n: number, b: number, r: string) => `${n}．${b}－${r} 鸡蛋２盒`,
  (n: number, b: number, r: string) => `${n}. ${b}/${r} 取消`,
  () => '谢谢团长！',
];

/** A 接龙 of `lines` lines: header, title, example, then entries in rotating styles and the corpus's lines. */
export function benchList(lines: number): string {
  const corpusLines = corpus.flatMap((l) => l.lines.map((line) => String(line[0])));
  const out = ['#接龙', '鸡蛋牛奶团 鸡蛋25元/盒', '例 3-502 鸡蛋1盒'];
  for (let n = 1; out.length < lines; n++) {
    const b = 1 + (n % 30);
    const r = `${1 + (n % 18)}0${1 + (n % 4)}`;
    out.push(n % 5 === 0 ? corpusLines[n % corpusLines.length]! : STYLES[n % STYLES.length]!(n, b, r));
  }
  return out.join('\n');
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * Lines per second over wall time and over the process's CPU time: on a shared machine the CPU figure is
 * the steadier one (it leaves out the time other processes held the cores).
 */
function measure(name: string, lines: number, run: () => unknown, rounds = 7) {
  run(); // warm-up (JIT)
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    run();
    const seconds = (performance.now() - t0) / 1000;
    const used = process.cpuUsage(c0);
    wall.push(lines / seconds);
    cpu.push(lines / ((used.user + used.system) / 1e6));
  }
  return {
    step: name,
    'lines/s (wall, median)': Math.round(median(wall)),
    'wall min–max': `${Math.round(Math.min(...wall))}–${Math.round(Math.max(...wall))}`,
    'lines/s (CPU, median)': Math.round(median(cpu)),
  };
}

/** Prints the 接龙 figures. */
export async function benchJielong(lines = 10_000): Promise<void> {
  const text = benchList(lines);
  const parsed = parseJielong(text);
  const households = new Map<string, { id: string; label: string; verified: boolean }>();
  for (let b = 1; b <= 30; b++)
    for (let f = 1; f <= 18; f++)
      for (let r = 1; r <= 4; r++) {
        const label = `${b}-${f}0${r}`;
        households.set(label, { id: label, label, verified: true });
      }
  const ctx = {
    items: ITEMS.map((name) => ({ id: name, name, perHouseholdMax: null })),
    households,
    orders: new Map(),
    imports: new Map(),
  };
  console.log(
    `\n## 接龙 parser: a list of ${lines.toLocaleString('en')} lines (${parsed.entries.length} entries, ${parsed.unparsed.length} unparsed)`,
  );
  console.log(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, Node ${process.version}, load ${os.loadavg()[0]!.toFixed(1)}`,
  );
  console.table([
    measure('parse (parseJielong)', lines, () => parseJielong(text)),
    measure('parse + match items (the CLI JSON)', lines, () => parseToContract(text, ITEMS)),
    measure('parse + review (import preview, 2,160 households)', lines, () =>
      reviewList(parseJielong(text), ctx),
    ),
  ]);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await benchJielong();
