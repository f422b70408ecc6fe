/** What the buys routes send. Views are built in core/buys/views.ts from explicit fields; this picks again. */
import type { EntryRow } from '../../core/buys/ports.ts';
import type { JielongEntry, MyOrder, PublicListPage } from '../../core/buys/read-buys.ts';
import type { BuyView, OrderView } from '../../core/buys/views.ts';
import type { BodyParts } from '../encoded-bodies.ts';

/** The contract returns the buy itself (not wrapped). */
export const presentBuy = (buy: BuyView): BuyView => ({ ...buy, items: buy.items.map((i) => ({ ...i })) });

const presentLine = (l: OrderView['lines'][number]) =>
  l.waitingAhead === undefined
    ? { itemId: l.itemId, qty: l.qty, allocatedQty: l.allocatedQty, waitlistedQty: l.waitlistedQty }
    : {
        itemId: l.itemId,
        qty: l.qty,
        allocatedQty: l.allocatedQty,
        waitlistedQty: l.waitlistedQty,
        waitingAhead: l.waitingAhead,
      };

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
});

/** Each entry object's JSON, as bytes (entries are never changed in place). */
const entryBytes = new WeakMap<JielongEntry, Buffer>();

function entryJson(e: JielongEntry): Buffer {
  let bytes = entryBytes.get(e);
  if (!bytes) {
    // Its own memory: a slice of Node's shared 8 KB pool (Buffer.from) keeps the whole slab alive as long as the
    // entry does, and a list whose entries change a few at a time held 5 times its bytes that way.
    const json = JSON.stringify(presentEntry(e));
    bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(json));
    bytes.write(json);
    entryBytes.set(e, bytes);
  }
  return bytes;
}

/**
 * Seqs of the list a chunk of its answer covers (src/http/encoded-bodies.ts): up to 256 lines, ~24 KB of JSON.
 * At 5,000 lines, 33 KB in gzip (`npm run bench -- listread`). Measured while each line also carried its text
 * (36 KB of JSON a chunk, ~0.4 ms to compress): 61 KB in gzip, where chunks of 128 made 67 (brotli of the whole: 49).
 */
export const LIST_CHUNK_SEQS = 256;

/**
 * The public 接龙 list's answer, `{ entries, nextAfter }` as JSON.stringify would write it, as parts: a line per
 * order, its entry's JSON kept as bytes, in chunks of `LIST_CHUNK_SEQS` seqs. In a rush every batch makes a new
 * version of a list of up to 5,000 lines, of which it changed a few, and the same order objects come back for the
 * rest: the chunks that hold only those are reused as they are, and only the others' entries are made (and
 * written, once per entry object: jielongEntryOf gives the same entry for the same order).
 */
export function presentEntriesParts(page: PublicListPage): BodyParts<EntryRow> {
  return {
    head: '{"entries":[',
    lines: page.orders,
    json: (o) => entryJson(page.entryOf(o)),
    group: (o) => Math.floor(o.seq / LIST_CHUNK_SEQS),
    tail: `],"nextAfter":${JSON.stringify(page.nextAfter)}}`,
  };
}
