import { useEffect, useRef, useState } from 'react';
import { seg } from '../../api-client.ts';
import { jittered } from '../../retry.ts';
import { coalesce } from './coalesce.ts';
import { REPLAY_WAIT_MS, StreamResume, type ResumeAction } from './resume.ts';

/** Between two refetches of a page that follows a buy's events: 2 s, plus up to 1 s so phones spread out. */
const REFETCH_SPACING = { gapMs: 2_000, jitterMs: 1_000 };
/** How long to wait before opening a stream again after the server refused it (it may be restarting). */
const RETRY_MS = [2_000, 5_000, 10_000, 30_000];

/**
 * What a page's refresh covers: everything; (`buy`) the buy and my order but not the 接龙 list, which the events
 * left as it was (the list closing, a status or a detail changing); or (`light`) all but what the events carried
 * themselves.
 */
export type RefreshScope = 'full' | 'buy' | 'light';

/** What `apply` made of an event: took it in (true), a change of the buy that leaves the list alone, or not. */
export type Applied = boolean | 'buy';

const WIDTH: Record<RefreshScope, number> = { light: 0, buy: 1, full: 2 };
const scopeOf = (applied: Applied | undefined): RefreshScope =>
  applied === true ? 'light' : applied === 'buy' ? 'buy' : 'full';

/**
 * Follows GET /api/buys/{id}/events and calls `refresh` on every event, coalesced (one refetch in flight,
 * one queued) and spaced (at most one every 2–3 s while events keep coming). EventSource reconnects by
 * itself after a dropped connection (Last-Event-ID replays what was missed); when the server answers with an
 * error instead, the stream is closed for good, so it is reopened here with a growing delay, naming the last
 * event seen. After a reconnect the replayed events are taken in as live ones; the data is refetched in
 * full only when the replay was not everything that was missed (resume.ts).
 *
 * `apply`, if given, sees each event's data first and returns true when it took in what the event says (the
 * buy page keeps the 接龙 lines order events carry), or `'buy'` for a change of the buy alone: the next refresh
 * is as wide as the widest event since the last one (`light`, then `buy`); any other event (or a reconnect)
 * makes it `full`.
 */
export function useBuyEvents(
  buyId: string,
  refresh: (scope: RefreshScope) => Promise<void>,
  apply?: (data: unknown) => Applied,
): { live: boolean } {
  const [live, setLive] = useState(false);
  const refreshRef = useRef(refresh);
  refreshRef.current = refresh;
  const applyRef = useRef(apply);
  applyRef.current = apply;

  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    /** What the next refresh must cover: the widest of the events since the last one. */
    let scope: RefreshScope = 'light';
    const widen = (to: RefreshScope) => {
      if (WIDTH[to] > WIDTH[scope]) scope = to;
    };
    // At once after a quiet spell; during a rush at most every 2–3 s per phone (see coalesce).
    const runner = coalesce(() => {
      const now = scope;
      scope = 'light';
      return refreshRef.current(now);
    }, REFETCH_SPACING);
    let source: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let replayTimer: ReturnType<typeof setTimeout> | null = null;
    let failures = 0;
    let opened = false;
    let stopped = false;
    const resume = new StreamResume();
    // Whatever happened while we were away and was not replayed: one full refetch covers it.
    const act = (action: ResumeAction) => {
      if (action !== 'refetch') return;
      widen('full');
      runner.trigger();
    };

    const open = () => {
      source = new EventSource(resume.path(`/api/buys/${seg(buyId)}/events`), { withCredentials: true });
      source.onopen = () => {
        setLive(true);
        const action = resume.opened(opened || failures > 0);
        if (action === 'wait') {
          if (replayTimer) clearTimeout(replayTimer);
          replayTimer = setTimeout(() => act(resume.waited()), REPLAY_WAIT_MS);
        }
        act(action);
        opened = true;
        failures = 0;
      };
      source.onmessage = (message: MessageEvent<string>) => {
        resume.seen(message.lastEventId);
        widen(scopeOf(applyRef.current?.(parse(message.data))));
        runner.trigger();
      };
      source.addEventListener('replayed', (message: MessageEvent<string>) => {
        if (replayTimer) clearTimeout(replayTimer);
        replayTimer = null;
        act(resume.replayed(parse(message.data)));
      });
      source.onerror = () => {
        setLive(false);
        if (source?.readyState === EventSource.CLOSED && !stopped) {
          source.close();
          // Jittered: a restarted server's phones come back spread out (the stream's own `retry:` is too).
          const delay = jittered(RETRY_MS[Math.min(failures, RETRY_MS.length - 1)]!);
          failures += 1;
          timer = setTimeout(open, delay);
        }
      };
    };
    open();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (replayTimer) clearTimeout(replayTimer);
      source?.close();
    };
  }, [buyId]);

  return { live };
}

function parse(data: string): unknown {
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return null;
  }
}
