/**
 * Runs `pass` every `everyMs` beside the server (the first after `firstAfterMs`, by default `everyMs`). Passes
 * never overlap; stop() waits for a running one to finish. A failing pass (the database restarting) is logged
 * and the next one runs as planned. `stopped()` tells a long pass to end early.
 */
export function startPeriodic(
  pass: (stopped: () => boolean) => Promise<void>,
  options: { everyMs: number; firstAfterMs?: number; log: (err: unknown) => void },
): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const isStopped = () => stopped;
  const run = () => {
    running = running.then(async () => {
      if (stopped) return;
      try {
        await pass(isStopped);
      } catch (err) {
        options.log(err);
      }
    });
  };
  const first = setTimeout(run, options.firstAfterMs ?? options.everyMs);
  const timer = setInterval(run, options.everyMs);
  first.unref();
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
