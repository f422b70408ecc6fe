import { describe, expect, it, vi } from 'vitest';
import { ApiError, NETWORK_ERROR, TIMEOUT } from './api-client.ts';
import { isTransient, jittered, retryDelay, withRetry, WRITE_RETRY, type RetryPolicy } from './retry.ts';

const lost = () => new ApiError(0, NETWORK_ERROR, 'Failed to fetch');
const busy = (retryAfterMs: number | null = null) =>
  new ApiError(503, 'upgrade_in_progress', 'try again', null, retryAfterMs);
const refused = () => new ApiError(422, 'validation_failed', 'bad qty');
const policy: RetryPolicy = { attempts: 4, baseMs: 1000, maxMs: 8000 };

describe('isTransient', () => {
  it('is true for no answer at all and for the statuses that mean "not now"', () => {
    expect(isTransient(lost())).toBe(true);
    expect(isTransient(new ApiError(0, TIMEOUT, 'slow'))).toBe(true);
    for (const status of [408, 429, 500, 502, 503, 504])
      expect(isTransient(new ApiError(status, 'x', 'x'))).toBe(true);
  });

  it('is false for answers that will not change by waiting, and for what is not an ApiError', () => {
    for (const status of [400, 401, 403, 404, 409, 413, 422])
      expect(isTransient(new ApiError(status, 'x', 'x'))).toBe(false);
    expect(isTransient(new DOMException('aborted', 'AbortError'))).toBe(false);
    expect(isTransient(new Error('bug'))).toBe(false);
  });
});

describe('jittered', () => {
  it('is between half and all of the delay', () => {
    expect(jittered(2000, () => 0)).toBe(1000);
    expect(jittered(2000, () => 0.999999)).toBe(2000);
    for (let i = 0; i < 100; i++) {
      const ms = jittered(30_000);
      expect(ms).toBeGreaterThanOrEqual(15_000);
      expect(ms).toBeLessThanOrEqual(30_000);
    }
  });
});

describe('retryDelay', () => {
  it('doubles from baseMs up to maxMs, jittered between half and all of it', () => {
    const at = (attempt: number, r: number) =>
      retryDelay(lost(), attempt, { ...policy, attempts: 10 }, () => r);
    expect([1, 2, 3, 4, 5].map((a) => at(a, 0.999999))).toEqual([1000, 2000, 4000, 8000, 8000]);
    expect([1, 2, 3, 4, 5].map((a) => at(a, 0))).toEqual([500, 1000, 2000, 4000, 4000]);
  });

  it('gives up once the tries are used up, and at once for an answer that is not transient', () => {
    expect(retryDelay(lost(), policy.attempts - 1, policy)).not.toBeNull();
    expect(retryDelay(lost(), policy.attempts, policy)).toBeNull();
    expect(retryDelay(refused(), 1, policy)).toBeNull();
  });

  it('waits at least as long as the server asked, and gives up when it asks for more than maxMs', () => {
    expect(retryDelay(busy(3000), 1, policy, () => 0)).toBe(3000);
    expect(retryDelay(busy(200), 2, policy, () => 0)).toBe(1000);
    expect(retryDelay(busy(8000), 1, policy, () => 0)).toBe(8000);
    expect(retryDelay(busy(60_000), 1, policy)).toBeNull();
  });

  it('retries an order write for at least ten seconds (a restarting server) and at most half a minute', () => {
    const span = (random: () => number) => {
      let total = 0;
      for (let a = 1; a < WRITE_RETRY.attempts; a++) total += retryDelay(lost(), a, WRITE_RETRY, random)!;
      return total;
    };
    expect(span(() => 0)).toBeGreaterThanOrEqual(10_000);
    expect(span(() => 0.999999)).toBeLessThanOrEqual(30_000);
  });
});

describe('withRetry', () => {
  const noWait = { sleep: async () => {}, random: () => 0 };

  it('sends the same request again until it succeeds, telling each retry', async () => {
    const send = vi
      .fn<() => Promise<string>>()
      .mockRejectedValueOnce(lost())
      .mockRejectedValueOnce(busy(1000))
      .mockResolvedValueOnce('stored');
    const retries: [number, number][] = [];
    await expect(withRetry(send, { ...noWait, onRetry: (n, ms) => retries.push([n, ms]) })).resolves.toBe(
      'stored',
    );
    expect(send).toHaveBeenCalledTimes(3);
    expect(retries).toEqual([
      [1, 500],
      [2, 1000],
    ]);
  });

  it('throws the last failure once the tries are used up', async () => {
    const errors = Array.from({ length: WRITE_RETRY.attempts }, (_, n) => (n % 2 ? busy() : lost()));
    let i = 0;
    const send = vi.fn(async () => {
      throw errors[i++];
    });
    await expect(withRetry(send, noWait)).rejects.toBe(errors.at(-1));
    expect(send).toHaveBeenCalledTimes(WRITE_RETRY.attempts);
  });

  it('does not retry an answer that is not transient', async () => {
    const error = refused();
    const send = vi.fn(async () => {
      throw error;
    });
    await expect(withRetry(send, noWait)).rejects.toBe(error);
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('waits between tries with the sleep it is given', async () => {
    const waits: number[] = [];
    const send = vi.fn<() => Promise<number>>().mockRejectedValueOnce(lost()).mockResolvedValueOnce(7);
    await withRetry(send, { sleep: async (ms) => void waits.push(ms), random: () => 1 });
    expect(waits).toEqual([1000]);
  });
});
