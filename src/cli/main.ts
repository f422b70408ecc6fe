import { DataDirLockedError } from '../db/data-lock.ts';
import { CommandError, processIo, UsageError, type Io } from './io.ts';
import { demoCommand } from './commands/demo.ts';
import { jielongCommand } from './commands/jielong.ts';
import { migrateCommand } from './commands/migrate.ts';
import { seedCommand } from './commands/seed.ts';
import { serveCommand } from './commands/serve.ts';
import { auditCommand } from './commands/audit.ts';

export const HELP = `linli <command> [options]

Commands:
  serve [--no-demo]                               run the server (what "npm start" runs)
  migrate                                         apply database migrations and exit
  demo                                            seed the demo compound (阳光花园小区)
  seed --households N [--buildings B] --out FILE  create a community with N households and tokens
  jielong parse [FILE|-] [--items "鸡蛋,牛奶"] --json  parse WeChat 接龙 text into orders (JSON)
  audit verify                                    check the audit trail's hash chains (exit 1 at a break)

Data: LINLI_DATA_DIR (embedded database folder, default ./data) or DATABASE_URL (PostgreSQL).
Run "linli <command> --help" for a command's options.`;

const COMMANDS: Record<string, (argv: string[], io: Io) => Promise<number>> = {
  serve: serveCommand,
  migrate: migrateCommand,
  demo: demoCommand,
  seed: seedCommand,
  jielong: jielongCommand,
  audit: auditCommand,
};

/** Runs one command line; returns the exit code (0 ok, 1 failed, 2 bad usage). */
export async function runCli(args: string[], io: Io = processIo): Promise<number> {
  const [command, ...rest] = args;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    io.out(HELP);
    return 0;
  }
  const run = COMMANDS[command];
  if (!run) {
    io.err(`linli: unknown command "${command}".\n\n${HELP}`);
    return 2;
  }
  try {
    return await run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`linli ${command}: ${err.message}\n\n${err.usage}`);
      return 2;
    }
    if (err instanceof DataDirLockedError || err instanceof CommandError) {
      io.err(`linli ${command}: ${err.message}`);
      return 1;
    }
    io.err(`linli ${command} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return 1;
  }
}
