import { parseArgs } from 'node:util';
import { CommandError, HELP_OPTION, parseOrUsage, type Io } from '../io.ts';

export const JIELONG_USAGE = `linli jielong parse [FILE or -] [--items "鸡蛋,牛奶"] --json

Parses WeChat 接龙 text into orders (see docs/api.md). Not yet available in this version.`;

/** Placeholder until the 接龙 parser lands (its own issue); the flags are accepted so scripts fail clearly. */
export async function jielongCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parseOrUsage(JIELONG_USAGE, () =>
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
  throw new CommandError('not yet available in this version (the 接龙 parser is tracked separately).');
}
