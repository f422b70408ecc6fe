import { startTransition, useCallback, useEffect, useRef, useState } from 'react';
import { buysApi } from './api.ts';
import {
  applyCarried,
  leavesListAlone,
  orderEventParts,
  patchEntries,
  showsNothingHere,
  statusChangeOf,
  type EventPart,
} from './list-patch.ts';
import type { Applied, RefreshScope } from './live.ts';
import { MyWrites } from './my-writes.ts';
import type { Buy, BuyStatusChange, JielongEntry, Order } from './types.ts';

export interface BuyPageData {
  buy: Buy;
  entries: JielongEntry[];
  /** My household's live order in this buy, if any. */
  myOrder: Order | null;
}

type State =
  { status: 'loading' } | { status: 'ready'; data: BuyPageData } | { status: 'error'; error: unknown };

/**
 * The buy page's data: the buy, its public 接龙 list and my household's order, loaded together.
 * `refresh` keeps showing the old data while it reloads (no flashing spinner on live updates).
 *
 * Order events carry their household's 接龙 line and the buy's counters (`keepEvent` keeps them). A `light`
 * refresh applies them to what the page shows and fetches only what they could not tell: the buy when an
 * event came without counters, my order when my household's line changed other than as the page shows it
 * (my own join's echo changes nothing: its answer is shown already, or is on its way: `MyWrites`). During a
 * rush that is usually nothing at all, where the page used to fetch the buy, the whole list (~600 KB for
 * 5,000 households) and my orders after every burst of events. A change ahead of my waiting order moves my
 * place in the queue: the page counts it from the list it holds (waiting.ts `withListPlace`), not by a fetch.
 * A change of the buy's status alone (the close above all, when every open page used to fetch the buy and its
 * order at once) carries the new status, and the page fetches nothing.
 */
export function useBuyPageData(buyId: string, myLabel: string | null = null) {
  const [state, setState] = useState<State>({ status: 'loading' });
  const generation = useRef(0);
  const ready = useRef(false);
  /** What events carried that the page does not show yet, in arrival order. */
  const pending = useRef<EventPart[]>([]);
  /** The buy's status as events carried it, likewise. */
  const statuses = useRef<BuyStatusChange[]>([]);
  /** What the page shows, for telling my own join's echo from a change made elsewhere. */
  const shown = useRef<BuyPageData | null>(null);
  useEffect(() => {
    shown.current = state.status === 'ready' ? state.data : null;
  }, [state]);
  /** My order's writes in flight, and what arrived during them. */
  const myWrites = useRef(new MyWrites());
  /** Counts changes of the shown order made by writes: a fetch of my order sent before one is stale. */
  const mineVersion = useRef(0);

  const refresh = useCallback(
    async (scope: RefreshScope = 'full') => {
      const mine = ++generation.current;
      const full = scope === 'full' || !ready.current;
      // A full fetch reflects every event that arrived before it was sent; later ones are applied on top.
      const from = full ? pending.current.length : 0;
      const statusFrom = full ? statuses.current.length : 0;
      const parts = pending.current;
      // A change of the buy alone (the list closing, a status, the fee): the buy and my order (its amount), not
      // the list, which is most of a full refresh's bytes and of the server's work for it (bench/place-reads.ts).
      const needBuy = full || scope === 'buy' || parts.some((p) => !p.counters);
      const mineChanged = parts.findLast((p) => p.entry.householdLabel === myLabel);
      const needMine =
        full ||
        scope === 'buy' ||
        (mineChanged !== undefined &&
          myWrites.current.onLine(
            mineChanged.entry,
            shown.current?.myOrder ?? null,
            shown.current?.buy.items ?? [],
          ));
      const mineFrom = mineVersion.current;
      try {
        const [buy, fetched, my] = await Promise.all([
          needBuy ? buysApi.get(buyId) : null,
          full ? buysApi.jielong(buyId) : null,
          needMine ? buysApi.myOrder(buyId).then((order) => ({ order })) : null,
        ]);
        if (mine !== generation.current) return;
        const changes = pending.current.slice(from);
        pending.current = [];
        const status = statuses.current
          .slice(statusFrom)
          .reduce<BuyStatusChange | null>((a, c) => (!a || c.version > a.version ? c : a), null);
        statuses.current = [];
        ready.current = true;
        const newest = changes.reduce<EventPart['counters']>(
          (a, p) => (p.counters && (!a || p.counters.version > a.version) ? p.counters : a),
          null,
        );
        // A live update renders as a transition: in a rush one may add thousands of lines, and React then
        // renders them in slices, so a tap on the page is answered meanwhile (bench/phone.ts).
        const show = full ? (f: () => void) => f() : startTransition;
        show(() =>
          setState((prev) => {
            const was = prev.status === 'ready' ? prev.data : null;
            const myOrder = my && mineFrom === mineVersion.current ? my.order : (was?.myOrder ?? null);
            const shownBuy = buy ?? was?.buy;
            if (!shownBuy) return prev; // a light refresh before the first load: cannot happen (see `full`)
            const entries = patchEntries(
              fetched ?? was?.entries ?? [],
              changes.map((p) => p.entry),
            );
            return {
              status: 'ready',
              data: { buy: applyCarried(shownBuy, newest, status), entries, myOrder },
            };
          }),
        );
      } catch (error) {
        if (mine !== generation.current) return;
        // A failed live refresh keeps the page; only a failed first load shows the error.
        setState((prev) => (prev.status === 'ready' ? prev : { status: 'error', error }));
        throw error;
      }
    },
    [buyId, myLabel],
  );

  useEffect(() => {
    setState({ status: 'loading' });
    ready.current = false;
    pending.current = [];
    statuses.current = [];
    refresh('full').catch(() => undefined);
  }, [refresh]);

  /**
   * Keeps what an event of this buy carries, for the next refresh: true when it carried 接龙 lines or the buy's
   * new status, or changed nothing the page shows; `'buy'` for another change of the buy that leaves the list
   * alone; false otherwise (a full refresh).
   */
  const keepEvent = useCallback((data: unknown): Applied => {
    const parts = orderEventParts(data);
    if (parts) pending.current.push(...parts);
    const change = parts ? null : statusChangeOf(data);
    if (change) statuses.current.push(change);
    return parts !== null || change !== null || showsNothingHere(data) || (leavesListAlone(data) && 'buy');
  }, []);

  /** Shows my order as a write answered it (a cancelled order as none). */
  const showMine = useCallback((order: Order | null) => {
    mineVersion.current += 1;
    setState((prev) =>
      prev.status === 'ready'
        ? {
            status: 'ready',
            data: { ...prev.data, myOrder: order && order.status !== 'cancelled' ? order : null },
          }
        : prev,
    );
  }, []);

  /** Fetches my order alone, unless a write changes it meanwhile (its answer is newer). */
  const fetchMine = useCallback(async () => {
    const from = mineVersion.current;
    const myOrder = await buysApi.myOrder(buyId);
    if (from !== mineVersion.current) return;
    setState((prev) =>
      prev.status === 'ready' ? { status: 'ready', data: { ...prev.data, myOrder } } : prev,
    );
  }, [buyId]);

  /**
   * Runs a write of my order (`run` resolves to its answer, null for a cancellation) and shows the answer at
   * once, before the refetch the SSE event would trigger; an event of my household that came during the
   * write is then judged against the answer (`MyWrites`).
   */
  const writeMine = useCallback(
    async <T extends Order | null>(run: () => Promise<T>): Promise<T> => {
      const writes = myWrites.current;
      writes.begin();
      let answer: T | undefined;
      try {
        answer = await run();
        showMine(answer);
        return answer;
      } finally {
        if (writes.end(answer, shown.current?.buy.items ?? [])) fetchMine().catch(() => undefined);
      }
    },
    [showMine, fetchMine],
  );

  return { state, refresh, writeMine, keepEvent };
}
