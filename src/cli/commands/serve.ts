import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { dbConfigFromEnv } from '../../db/client.ts';
import { LISTEN_BACKLOG_DEFAULT, openFilesNote } from '../../http/listen.ts';
import { eventStreamGzipOf } from '../../container.ts';
import { noticesOrphanedAfterOf } from '../../jobs/recover-notices.ts';
import { startServer, type RunningServer } from '../../main.ts';
import { DEMO_ALL_LOGINS, DEMO_PASSWORD } from '../../seed/demo.ts';
import { describeDb, lockDataDir } from '../data.ts';
import { endEarly, takeEarlyLock } from '../early.ts';
import { CommandError, HELP_OPTION, parseOrUsage, type Io } from '../io.ts';
import { ensureWebBuilt } from '../web-build.ts';
import { formatDemoLogins } from './demo.ts';
import { PROJECT_ROOT } from '../../project-root.ts';

export const SERVE_USAGE = `linli serve [--no-demo] [--no-web]

Runs the server (what "npm start" runs). Applies migrations, seeds the demo compound into an empty embedded
database (unless --no-demo), builds the web app when web/dist is missing or stale, and serves it (unless
--no-web: the API only, for load tests and headless instances behind a separate web server).

Environment:
  PORT            port to listen on (default 3000)
  HOST            address to bind (default 127.0.0.1; 0.0.0.0 to accept other machines)
  LINLI_DATA_DIR  the embedded database's folder (default ./data)
  DATABASE_URL    use this PostgreSQL database instead of the embedded one
  LINLI_PG_POOL_MAX
                  PostgreSQL connections per instance (default twice the cores, 4 to 20; docs/operations.md)
  LOG_LEVEL       request log level: debug, info (default), warn, error, silent
  LISTEN_BACKLOG  connections the kernel queues until the server accepts them (default ${LISTEN_BACKLOG_DEFAULT},
                  capped by net.core.somaxconn; docs/operations.md)
  LINLI_EVENT_STREAM_GZIP
                  off: event streams uncompressed even to clients that offer gzip (default on)`;

const ROOT = PROJECT_ROOT;

function portFromEnv(value: string | undefined): number {
  if (value === undefined || value === '') return 3000;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535)
    throw new CommandError(`PORT must be a number from 0 to 65535 (got "${value}")`);
  return port;
}

/** The text of /proc/self/limits, or null off Linux. */
function readProcLimits(): string | null {
  try {
    return readFileSync('/proc/self/limits', 'utf8');
  } catch {
    return null;
  }
}

/** LISTEN_BACKLOG: a whole number from 1 to 65535, or the default when unset. */
export function backlogFromEnv(value: string | undefined): number {
  if (value === undefined || value === '') return LISTEN_BACKLOG_DEFAULT;
  const backlog = Number(value);
  if (!/^\d+$/.test(value) || backlog < 1 || backlog > 65535)
    throw new CommandError(`LISTEN_BACKLOG must be a number from 1 to 65535 (got "${value}")`);
  return backlog;
}

/** Runs until SIGTERM or SIGINT, then shuts down gracefully; resolves with the exit code. */
export async function serveCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parseOrUsage(SERVE_USAGE, () =>
    parseArgs({
      args: argv,
      options: { help: HELP_OPTION, 'no-demo': { type: 'boolean' }, 'no-web': { type: 'boolean' } },
    }),
  );
  if (values.help) {
    io.out(SERVE_USAGE);
    return 0;
  }
  const port = portFromEnv(io.env.PORT);
  const host = io.env.HOST || '127.0.0.1';
  const backlog = backlogFromEnv(io.env.LISTEN_BACKLOG);
  try {
    // Checked before anything opens.
    eventStreamGzipOf(undefined, io.env.LINLI_EVENT_STREAM_GZIP);
    noticesOrphanedAfterOf(io.env.LINLI_NOTICES_ORPHANED_AFTER_MS);
  } catch (err) {
    throw new CommandError((err as Error).message);
  }
  const config = dbConfigFromEnv(io.env);
  // Taken already, with the database opening, when bin/linli.js could start early (cli/early.ts).
  const lock = takeEarlyLock(config) ?? lockDataDir(config, 'serve', io);
  let server: RunningServer;
  try {
    const webDist = values['no-web'] ? null : await ensureWebBuilt(ROOT, io.err);
    io.err(`Opening ${describeDb(config)}…`);
    server = await startServer({
      port,
      host,
      env: io.env,
      demo: !values['no-demo'],
      webDist,
      lock,
      log: io.err,
      // The embedded database is compiled as it runs (V8's default), not all optimised up front: a start
      // ~1.3 s sooner outweighs the slower first seconds, even for a restart into a rush (bench/restart.ts;
      // LINLI_PGLITE_COMPILE=eager; docs/operations.md).
      pgliteCompile: 'lazy',
      backlog,
      // Request logs are JSON lines on stderr; stdout keeps the URL and the logins.
      logger: { level: io.env.LOG_LEVEL ?? 'info', stream: process.stderr },
    });
  } catch (err) {
    // A thread started early that the server did not take yet has the folder open: closed before it is unlocked.
    await endEarly();
    lock?.release();
    throw err;
  }
  io.out(`Linli is running at ${server.url}`);
  const note = openFilesNote(readProcLimits());
  if (note) io.err(note);
  if (server.demo !== 'absent')
    io.out(formatDemoLogins({ logins: DEMO_ALL_LOGINS, password: DEMO_PASSWORD }));
  return waitForSignal(server, io);
}

function waitForSignal(server: RunningServer, io: Io): Promise<number> {
  return new Promise((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        io.err(`${signal} again: exiting now.`);
        process.exit(1);
      }
      stopping = true;
      io.err(`${signal}: finishing open requests, stopping jobs, closing the database…`);
      server.stop().then(
        () => {
          io.err('Stopped cleanly.');
          resolve(0);
        },
        (err: unknown) => {
          io.err(`Shutdown failed: ${(err as Error).message}`);
          resolve(1);
        },
      );
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}
