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

/** Each entry object's JSON, as bytes (entries are never changed in place). */
const entryBytes = new WeakMap<JielongEntry, Buffer>();
const COMMA = Buffer.from(',');
const ENTRIES_OPEN = Buffer.from('{"entries":[');

/**
 * The public 接龙 list's answer, `{ entries, nextAfter }` as JSON.stringify would write it, made of each entry's
 * JSON kept as bytes: in a rush every batch makes a new version of a list of up to 5,000 lines, of which it
 * changed a few, and the same entry objects come back for the rest (jielongEntryOf). Writing the whole list
 * again (and encoding its Chinese as UTF-8) had cost more of the server's thread than the rest of the read.
 */
export function presentEntriesJson(entries: readonly JielongEntry[], nextAfter: number | null): Buffer {
  const parts: Buffer[] = [ENTRIES_OPEN];
  for (const e of entries) {
    let bytes = entryBytes.get(e);
    if (!bytes) {
      // Its own memory: a slice of Node's shared 8 KB pool (Buffer.from) keeps the whole slab alive as long as
      // the entry does, and a list whose entries change a few at a time held 5 times its bytes that way.
      const json = JSON.stringify(presentEntry(e));
      bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(json));
      bytes.write(json);
      entryBytes.set(e, bytes);
    }
    if (parts.length > 1) parts.push(COMMA);
    parts.push(bytes);
  }
  parts.push(Buffer.from(`],"nextAfter":${JSON.stringify(nextAfter)}}`));
  return Buffer.concat(parts);
}
