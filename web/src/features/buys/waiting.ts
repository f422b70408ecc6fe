import { placeInList } from '../../../../src/core/buys/list-place.ts';
import type { BuyItem, BuyStatus, JielongEntry, Order } from './types.ts';

/**
 * Whether what waits in a buy of this status may still be filled: only an open buy promotes (a cancellation, a
 * reduction or a restock). Once the list has closed, a waiting line is what the household did not get, and the
 * page says so ("未分到") rather than "已排队" and a place in a queue that no longer moves.
 */
export const waitingCanBeFilled = (status: BuyStatus): boolean => status === 'draft' || status === 'open';

/**
 * My order with its waiting lines' places counted from the 接龙 list the page shows (core/buys/list-place.ts),
 * where the server gave one (`waitingAhead`: only while the buy is open). The page keeps its list current from
 * the events' lines, so the place follows every change ahead of mine without a request: a cancellation ahead
 * of 4,000 open waiting pages used to make each of them fetch its order. Until the list holds my line (my
 * join's event is on its way), the server's place stands. The same object when nothing differs.
 */
export function withListPlace(
  order: Order,
  entries: readonly JielongEntry[],
  items: readonly Pick<BuyItem, 'id' | 'name'>[],
): Order {
  if (!order.lines.some((l) => l.waitingAhead !== undefined)) return order;
  const place = placeInList(entries, order, items);
  if (!place) return order;
  let changed = false;
  const lines = order.lines.map((l) => {
    const ahead = place.get(l.itemId);
    if (l.waitingAhead === undefined || ahead === undefined || ahead === l.waitingAhead) return l;
    changed = true;
    return { ...l, waitingAhead: ahead };
  });
  return changed ? { ...order, lines } : order;
}
