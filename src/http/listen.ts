/**
 * Thousands of phones opening a connection in the same second (a scarce buy published) arrive while the event
 * loop is busy answering the ones before: with Node's 511 the kernel drops the rest, and each dropped phone
 * waits for its TCP retry (a second or more) before its join is even read. `npm run bench -- crowd`: 5,000
 * connections at once overflowed a 511 queue thousands of times per crowd, a 4,096 one in 1 crowd of 14
 * (docs/benchmarks.md, 2026-12-03 evening).
 * 4,096 is Linux's default somaxconn since 5.4; a larger value is capped to it silently.
 */
export const LISTEN_BACKLOG_DEFAULT = 4096;

/** How many phones Linli is built to hold at once (a buy's event streams: the fan-out goal of issue #7). */
export const CONNECTIONS_PLANNED = 10_000;

/**
 * A note for the operator when the process may not open enough files to hold `CONNECTIONS_PLANNED`
 * connections (each phone on a buy's page holds one for its event stream), from the text of
 * /proc/self/limits; null when the limit is enough, unlimited or unknown (not Linux).
 */
export function openFilesNote(limits: string | null): string | null {
  const soft = limits ? /^Max open files\s+(\S+)\s+(\S+)/m.exec(limits) : null;
  if (!soft || soft[1] === 'unlimited') return null;
  const n = Number(soft[1]);
  if (!Number.isFinite(n) || n >= CONNECTIONS_PLANNED) return null;
  const hard = soft[2] === 'unlimited' ? null : Number(soft[2]);
  const raise = hard !== null && hard < CONNECTIONS_PLANNED ? CONNECTIONS_PLANNED * 2 : (hard ?? 65536);
  return (
    `Note: this process may open only ${n} files, so at most about that many phones can be connected at once ` +
    `(each phone on a buy's page holds one connection). Raise the limit before starting: ulimit -n ${raise} ` +
    `(shell) or LimitNOFILE=${raise} (systemd); docs/operations.md, "A crowd of phones".`
  );
}
