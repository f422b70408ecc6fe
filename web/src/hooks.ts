import { useCallback, useEffect, useRef, useState } from 'react';

export type Loadable<T> =
  | { status: 'loading'; data?: undefined; error?: undefined }
  | { status: 'ready'; data: T; error?: undefined }
  | { status: 'error'; data?: undefined; error: unknown };

/** Loads data on mount and when `deps` change; `reload` re-runs it (after a write). */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]) {
  const [state, setState] = useState<Loadable<T>>({ status: 'loading' });
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const controller = new AbortController();
    setState((prev) => (prev.status === 'ready' ? prev : { status: 'loading' }));
    loadRef.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ status: 'ready', data });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'error', error });
      },
    );
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload } as Loadable<T> & { reload: () => void };
}

/** Runs a write, tracking `busy` and the last error, so buttons can disable themselves. */
export function useAction<A extends unknown[], R>(action: (...args: A) => Promise<R>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = useCallback(
    async (...args: A): Promise<R | undefined> => {
      setBusy(true);
      setError(null);
      try {
        return await action(...args);
      } catch (err) {
        setError(err);
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [action],
  );
  return { run, busy, error, setError };
}

/**
 * Scrolls to the element the location's hash names (`…/board#reports`) once `ready`, once per hash: the
 * browser's own jump happens before a page's data has loaded, when the element is not there yet.
 */
export function useScrollToHash(hash: string, ready: boolean) {
  const done = useRef<string | null>(null);
  useEffect(() => {
    if (!ready || !hash || done.current === hash) return;
    const el = document.getElementById(hash.slice(1));
    if (!el) return;
    done.current = hash;
    el.scrollIntoView({ block: 'start' });
  }, [hash, ready]);
}

/**
 * Calls `reload` when the page becomes visible again (back from WeChat) and, unless `everyMs` is null, every
 * `everyMs` while it is visible. A timer is for a few phones' lists only (a leader's 待办), never for what every
 * resident has open.
 */
export function useRefreshWhileVisible(reload: () => void, everyMs: number | null) {
  useEffect(() => {
    const visible = () => document.visibilityState === 'visible';
    const onChange = () => {
      if (visible()) reload();
    };
    const timer =
      everyMs === null
        ? undefined
        : setInterval(() => {
            if (visible()) reload();
          }, everyMs);
    document.addEventListener('visibilitychange', onChange);
    return () => {
      if (timer !== undefined) clearInterval(timer);
      document.removeEventListener('visibilitychange', onChange);
    };
  }, [reload, everyMs]);
}
