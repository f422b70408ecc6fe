/**
 * Thousands of phones opening a connection in the same second (a scarce buy published) arrive while the event
 * loop is busy answering the ones before: with Node's 511 the kernel drops the rest, and each dropped phone
 * waits for its TCP retry (a second or more) before its join is even read. `npm run bench -- crowd`: 5,000
 * connections at once overflowed a 511 queue thousands of times per crowd, a 4,096 one in 1 crowd of 10
 * (docs/benchmarks.md, 2026-12-03 evening).
 * 4,096 is Linux's default somaxconn since 5.4; a larger value is capped to it silently.
 */
export const LISTEN_BACKLOG_DEFAULT = 4096;
