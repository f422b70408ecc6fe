import { parseArgs } from 'node:util';
import { startServer } from '../main.ts';

const HELP = `linli <command> [options]

Commands:
  serve [--no-demo]     run the server (PORT, HOST, LINLI_DATA_DIR, DATABASE_URL)
  migrate               apply database migrations
  demo                  seed the demo compound
  seed --households N [--buildings B] --out FILE
  jielong parse [FILE|-] [--items "鸡蛋,牛奶"] --json

Run "linli <command> --help" for a command's options.`;

async function serve(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { 'no-demo': { type: 'boolean' }, help: { type: 'boolean' } } });
  if (values.help) {
    console.log('linli serve [--no-demo]');
    return;
  }
  const server = await startServer({
    port: Number(process.env.PORT ?? 3000),
    host: process.env.HOST ?? '127.0.0.1',
  });
  console.log(`Linli is running at ${server.url}`);
  const shutdown = async () => {
    await server.stop();
    process.exit(0);
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

const [command, ...rest] = process.argv.slice(2);
switch (command) {
  case 'serve':
    await serve(rest);
    break;
  case undefined:
  case '--help':
  case '-h':
  case 'help':
    console.log(HELP);
    break;
  default:
    console.error(`Unknown command "${command}".\n\n${HELP}`);
    process.exit(2);
}
