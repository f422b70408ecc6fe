/** What the buys routes send. Views are built in core/buys/views.ts from explicit fields; this picks again. */
import type { MyOrder, JielongEntry } from '../../core/buys/read-buys.ts';
import type { BuyView, OrderView } from '../../core/buys/views.ts';

/** The contract returns the buy itself (not wrapped). */
export const presentBuy = (buy: BuyView): BuyView => ({ ...buy, items: buy.items.map((i) => ({ ...i })) });

const presentLine = (l: OrderView['lines'][number]) => ({
  itemId: l.itemId,
  qty: l.qty,
  allocatedQty: l.allocatedQty,
  waitlistedQty: l.waitlistedQty,
});

export const presentOrder = (o: OrderView) => ({
  id: o.id,
  buyId: o.buyId,
  seq: o.seq,
  householdId: o.householdId,
  householdLabel: o.householdLabel,
  status: o.status,
  lines: o.lines.map(presentLine),
  amountFen: o.amountFen,
  note: o.note,
});

export const presentMyOrder = (o: MyOrder) => ({ ...presentOrder(o), buy: o.buy });

export const presentEntry = (e: JielongEntry) => ({
  seq: e.seq,
  householdLabel: e.householdLabel,
  status: e.status,
  items: e.items,
  text: e.text,
});
