import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parseToContract, type ContractParse } from '../../core/jielong/contract.ts';
import { CommandError, HELP_OPTION, parseOrUsage, UsageError, type Io } from '../io.ts';

export const JIELONG_USAGE = `linli jielong parse [FILE or -] [--items "鸡蛋,牛奶"] --json

Parses WeChat 接龙 text (FILE, or standard input when FILE is "-" or left out) and prints
  {"title", "entries": [{"line", "seq", "building", "room", "items": [{"name", "qty"}], "note", "action"}],
   "unparsed": [{"line", "text", "reason"}]}
With --items, every item name is one of those (matched fuzzily: 菜包 → 蔬菜包); without, a name is the
line's own word or null. Without --json it prints the same as readable lines. See docs/jielong.md.`;

/** Input larger than this is refused (a 接龙 of 10,000 lines is about 300 KB). */
const MAX_INPUT_BYTES = 10 * 1024 * 1024;

/** `linli jielong parse`: WeChat 接龙 text to the JSON of api-contract.md (what scripts use). */
export async function jielongCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseOrUsage(JIELONG_USAGE, () =>
    parseArgs({
      args: argv,
      options: { help: HELP_OPTION, items: { type: 'string' }, json: { type: 'boolean' } },
      allowPositionals: true,
    }),
  );
  if (values.help) {
    io.out(JIELONG_USAGE);
    return 0;
  }
  const [sub, file, ...extra] = positionals;
  if (sub !== 'parse')
    throw new UsageError(
      sub ? `unknown subcommand "${sub}"` : 'a subcommand is required: parse',
      JIELONG_USAGE,
    );
  if (extra.length > 0) throw new UsageError(`Unexpected argument '${extra[0]}'`, JIELONG_USAGE);
  const items = values.items
    ?.split(/[,，、]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (values.items !== undefined && items?.length === 0)
    throw new UsageError('--items needs at least one item name ("鸡蛋,牛奶")', JIELONG_USAGE);

  const text = await readInput(file, io);
  const result = parseToContract(text, items);
  io.out(values.json ? JSON.stringify(result, null, 2) : readable(result));
  return 0;
}

async function readInput(file: string | undefined, io: Io): Promise<string> {
  if (file === undefined || file === '-') {
    if (!io.readStdin) throw new CommandError('cannot read standard input here; give a FILE');
    const text = await io.readStdin();
    if (Buffer.byteLength(text) > MAX_INPUT_BYTES) throw new CommandError('the input is larger than 10 MB');
    return text;
  }
  try {
    const buf = await readFile(file);
    if (buf.byteLength > MAX_INPUT_BYTES) throw new CommandError(`${file} is larger than 10 MB`);
    return buf.toString('utf8');
  } catch (err) {
    if (err instanceof CommandError) throw err;
    throw new CommandError(
      `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
}

function readable(r: ContractParse): string {
  const out = [`title: ${r.title ?? '(none)'}`];
  for (const e of r.entries) {
    const what = e.action === 'cancel' ? '取消' : e.items.map((i) => `${i.name ?? '?'}×${i.qty}`).join(' ');
    out.push(`line ${e.line}: ${e.seq}. ${e.building}-${e.room} ${what}${e.note ? ` (${e.note})` : ''}`);
  }
  for (const u of r.unparsed) out.push(`line ${u.line}: not read (${u.reason}): ${u.text}`);
  return out.join('\n');
}
