import { useCallback, useEffect, useRef, useState } from 'react';
import { buysApi } from './api.ts';
import type { Buy, JielongEntry, Order } from './types.ts';

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
 */
export function useBuyPageData(buyId: string, communityId: string) {
  const [state, setState] = useState<State>({ status: 'loading' });
  const generation = useRef(0);

  const refresh = useCallback(async () => {
    const mine = ++generation.current;
    try {
      const [buy, entries, my] = await Promise.all([
        buysApi.get(buyId),
        buysApi.jielong(buyId),
        buysApi.myOrders(communityId),
      ]);
      const myOrder = my.orders.find((o) => o.buyId === buyId && o.status !== 'cancelled') ?? null;
      if (mine === generation.current) setState({ status: 'ready', data: { buy, entries, myOrder } });
    } catch (error) {
      if (mine !== generation.current) return;
      // A failed live refresh keeps the page; only a failed first load shows the error.
      setState((prev) => (prev.status === 'ready' ? prev : { status: 'error', error }));
      throw error;
    }
  }, [buyId, communityId]);

  useEffect(() => {
    setState({ status: 'loading' });
    refresh().catch(() => undefined);
  }, [refresh]);

  /** Show a write's answer at once, before the refetch the SSE event triggers. */
  const setMyOrder = useCallback((order: Order | null) => {
    setState((prev) =>
      prev.status === 'ready'
        ? {
            status: 'ready',
            data: { ...prev.data, myOrder: order && order.status !== 'cancelled' ? order : null },
          }
        : prev,
    );
  }, []);

  return { state, refresh, setMyOrder };
}
