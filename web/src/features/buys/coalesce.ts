export interface CoalesceOptions {
  /** The least time between the end of one run and the start of the next (default 0). */
  gapMs?: number;
  /** A random extra wait of up to this much on a spaced run (default 0), so phones do not refetch in step. */
  jitterMs?: number;
  random?: () => number;
  now?: () => number;
}

/**
 * Runs `task` on demand with at most one run in flight and at most one queued: a burst of 50 SSE events
 * while a refetch is running leads to exactly one more refetch, which sees all of them. With `gapMs`, a
 * trigger right after a run waits until the gap (plus jitter) has passed: the first event after a quiet
 * spell refetches at once, but during a rush, when a buy's events come several times a second, each phone
 * refetches at most once per gap instead of back to back. (Thousands of phones on a buy's page each
 * refetching the whole list after every batch would cost the server more than the rush itself.)
 */
export function coalesce(
  task: () => Promise<void>,
  options: CoalesceOptions = {},
): { trigger: () => void; idle: () => Promise<void> } {
  const { gapMs = 0, jitterMs = 0, random = Math.random, now = () => Date.now() } = options;
  let running: Promise<void> | null = null;
  let waiting: Promise<void> | null = null;
  let queued = false;
  let lastEnd = -Infinity;

  const run = (): void => {
    running = task()
      .catch(() => undefined) // the screen shows its own error state; the next event tries again
      .then(() => {
        running = null;
        lastEnd = now();
        if (queued) {
          queued = false;
          trigger();
        }
      });
  };

  const trigger = (): void => {
    if (running) {
      queued = true;
      return;
    }
    if (waiting) return; // a spaced run is already due; it will see this event too
    const wait = lastEnd + gapMs + (gapMs > 0 ? random() * jitterMs : 0) - now();
    if (wait <= 0) {
      run();
      return;
    }
    waiting = new Promise<void>((resolve) =>
      setTimeout(() => {
        waiting = null;
        run();
        resolve();
      }, wait),
    );
  };

  return {
    trigger,
    /** Resolves when nothing is running, queued or waiting (for tests). */
    async idle() {
      while (running || waiting) await (running ?? waiting);
    },
  };
}
