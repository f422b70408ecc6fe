/**
 * Runs `task` on demand with at most one run in flight and at most one queued: a burst of 50 SSE events
 * while a refetch is running leads to exactly one more refetch, which sees all of them.
 */
export function coalesce(task: () => Promise<void>): { trigger: () => void; idle: () => Promise<void> } {
  let running: Promise<void> | null = null;
  let queued = false;

  const run = (): Promise<void> => {
    running = task()
      .catch(() => undefined) // the screen shows its own error state; the next event tries again
      .then(() => {
        if (queued) {
          queued = false;
          return run();
        }
        running = null;
      });
    return running;
  };

  return {
    trigger() {
      if (running) queued = true;
      else void run();
    },
    /** Resolves when nothing is running or queued (for tests). */
    async idle() {
      while (running) await running;
    },
  };
}
