/** Where a command writes: stdout is only the command's output (pipes cleanly); messages go to stderr. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  /** All of standard input, as text (commands that read "-"). */
  readStdin?: () => Promise<string>;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

export const processIo: Io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  env: process.env,
  readStdin: () => readAll(process.stdin),
};

/** Bad command line: the message and the usage are printed, exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The command could not do its job for a reason the user can fix (exit code 1). */
export class CommandError extends Error {
  override name = 'CommandError';
}

/** Every command takes --help / -h. */
export const HELP_OPTION = { type: 'boolean', short: 'h' } as const;

/** Runs node:util parseArgs (strict); its errors ("Unknown option '--x'") become a UsageError (exit 2). */
export function parseOrUsage<T>(usage: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new UsageError((err as Error).message, usage);
  }
}

/** A whole number from a flag, or a UsageError naming the flag. */
export function intFlag(
  value: string | undefined,
  flag: string,
  usage: string,
  range: [number, number],
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < range[0] || n > range[1])
    throw new UsageError(
      `${flag} must be a whole number from ${range[0]} to ${range[1]} (got "${value}")`,
      usage,
    );
  return n;
}
