/**
 * Writes that retry on their own. In a rush the network and the server are at their busiest: an answer lost to
 * a congested cell, a reset connection, a 503 while an instance restarts. A write carrying an Idempotency-Key
 * can be sent again as it was (the server answers a repeat with the first answer, docs/buys.md), so the
 * phone tries again by itself a few times, a little later each time, instead of leaving a resident to press
 * the button again at 3 a.m. Errors that will not change by waiting (a 4xx) are not retried.
 */
import { ApiError } from './api-client.ts';

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  /** The wait before the second try; it doubles for each try after (with jitter), up to `maxMs`. */
  baseMs: number;
  maxMs: number;
}

/**
 * An order write: six tries, waiting ~1, ~2, ~4, ~8 and ~8 s between them (11.5–23 s in all, jittered). Four
 * tries (3.5–7 s) ran out before an embedded database's server was back from a `kill -9` in the middle of a rush
 * (it answered every phone within 9 s: docs/benchmarks.md, thirty-third session), and two residents were shown
 * "failed, try again" for orders the server then took; waiting with 「正在自动重试」 on the screen is better.
 */
export const WRITE_RETRY: RetryPolicy = { attempts: 6, baseMs: 1000, maxMs: 8000 };

/**
 * Between half and all of `ms`: phones that failed together (a server that went away) do not all come back in
 * the same instant.
 */
export function jittered(ms: number, random: () => number = Math.random): number {
  return Math.round(ms * (0.5 + random() / 2));
}

/** Answers that mean "not now" rather than "no": the same request may succeed a moment later. */
const TRANSIENT_STATUS = new Set([408, 429, 500, 502, 503, 504]);

/** Whether a failure may go away by itself: no answer at all (status 0), or a transient status. */
export function isTransient(err: unknown): boolean {
  return err instanceof ApiError && (err.status === 0 || TRANSIENT_STATUS.has(err.status));
}

/**
 * How long to wait before try `attempt + 1` after `attempt` tries failed with `err`; null to give up: the
 * failure is not transient, the tries are used up, or the server asked for a longer wait than the policy
 * allows (a resident is better told than kept waiting). Jittered between half and all of the backoff, so
 * that a thousand phones that failed together do not all come back in the same instant.
 */
export function retryDelay(
  err: unknown,
  attempt: number,
  policy: RetryPolicy = WRITE_RETRY,
  random: () => number = Math.random,
): number | null {
  if (attempt >= policy.attempts || !isTransient(err)) return null;
  const asked = (err as ApiError).retryAfterMs;
  if (asked !== null && asked > policy.maxMs) return null;
  const backoff = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
  return Math.max(jittered(backoff, random), asked ?? 0);
}

export interface RetryOptions {
  policy?: RetryPolicy;
  /** Told before each wait: the tries made so far and the wait (a page shows "retrying"). */
  onRetry?: (attempt: number, delayMs: number, err: unknown) => void;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `send` until it succeeds or retryDelay gives up; then throws the last failure. */
export async function withRetry<T>(send: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const { policy = WRITE_RETRY, onRetry, sleep = wait, random = Math.random } = options;
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (err) {
      const delay = retryDelay(err, attempt, policy, random);
      if (delay === null) throw err;
      onRetry?.(attempt, delay, err);
      await sleep(delay);
    }
  }
}
