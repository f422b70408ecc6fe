import {
  BUY_STATUSES,
  type Buy,
  type BuyCounters,
  type BuyStatusChange,
  type JielongEntry,
  type ListEntryChange,
  type Order,
} from './types.ts';

/**
 * Applies the 接龙 lines carried by a buy's order events (in arrival order) to the list a page holds, so the
 * page need not fetch the whole list again after every event: a buy of 5,000 households has a ~600 KB list,
 * which the server can serialise only a few times a second. One household has at most one line (one live
 * order per household per buy): a change replaces that household's line, `cancelled` removes it, and the
 * list stays in `seq` order. O(entries + changes · log changes), so a burst of a hundred events costs one
 * pass over the list.
 */
export function patchEntries(
  entries: readonly JielongEntry[],
  changes: readonly ListEntryChange[],
): JielongEntry[] {
  if (changes.length === 0) return [...entries];
  // The last change of each household wins.
  const latest = new Map<string, ListEntryChange>();
  for (const c of changes) latest.set(c.householdLabel, c);
  const kept = entries.filter((e) => !latest.has(e.householdLabel));
  const added: JielongEntry[] = [];
  for (const c of latest.values())
    if (c.status !== 'cancelled')
      added.push({
        seq: c.seq,
        householdLabel: c.householdLabel,
        status: c.status,
        items: c.items,
      });
  added.sort((a, b) => a.seq - b.seq);
  // Merge the two sorted lists (new lines usually go at the end).
  const out: JielongEntry[] = [];
  let i = 0;
  let j = 0;
  while (i < kept.length || j < added.length) {
    if (j >= added.length || (i < kept.length && kept[i]!.seq <= added[j]!.seq)) out.push(kept[i++]!);
    else out.push(added[j++]!);
  }
  return out;
}

/**
 * The buy with the counters an order event carried, when they are newer than what it shows (`version`):
 * stock left, allocated and waiting quantities, and the totals, as GET /api/buys/{id} would show them.
 */
export function applyCounters(buy: Buy, counters: BuyCounters | null): Buy {
  if (!counters || counters.version <= buy.version) return buy;
  const byId = new Map(counters.items.map((i) => [i.id, i]));
  const items = buy.items.map((item) => {
    const c = byId.get(item.id);
    if (!c) return item;
    const remaining = item.stock === null ? null : Math.max(0, item.stock - c.allocatedQty);
    return { ...item, allocatedQty: c.allocatedQty, waitlistedQty: c.waitlistedQty, remaining };
  });
  return {
    ...buy,
    version: counters.version,
    items,
    totals: {
      orders: counters.liveOrders,
      allocatedQty: items.reduce((n, i) => n + i.allocatedQty, 0),
      waitlistedQty: items.reduce((n, i) => n + i.waitlistedQty, 0),
      amountFen: counters.amountFen,
    },
  };
}

/**
 * The buy with its status as a status event carried it (`buy.closed`, …: BuyStatusChange), when that is newer than
 * what it shows.
 */
export function applyStatus(buy: Buy, change: BuyStatusChange | null): Buy {
  if (!change || change.version <= buy.version) return buy;
  return {
    ...buy,
    version: change.version,
    status: change.status as Buy['status'],
    publishedAt: change.publishedAt,
    closedAt: change.closedAt,
    cancelReason: change.cancelReason,
  };
}

/**
 * The buy with what events carried since it was fetched, the newest counters and the newest status, applied
 * in the order of their versions (each is kept only when newer than what the buy shows): a list opened and
 * joined at once, or joined and closed.
 */
export function applyCarried(buy: Buy, counters: BuyCounters | null, status: BuyStatusChange | null): Buy {
  if (counters && status && status.version < counters.version)
    return applyCounters(applyStatus(buy, status), counters);
  return applyStatus(applyCounters(buy, counters), status);
}

/** One 接龙 line an event carried, with the buy's counters as of it (null when the event had none). */
export interface EventPart {
  entry: ListEntryChange;
  counters: BuyCounters | null;
}

/**
 * What an SSE frame of a buy carries for a page to apply itself: an order event's 接龙 line and the buy's
 * counters, or the lines of a whole order batch (`orders.changed`, one frame for a batch's events, with the
 * batch's counters). Null when the frame carries none (the page then refetches).
 */
export function orderEventParts(data: unknown): EventPart[] | null {
  if (typeof data !== 'object' || data === null) return null;
  const counters = countersOf((data as { counters?: unknown }).counters);
  if ((data as { type?: unknown }).type === 'orders.changed') {
    const entries = (data as { entries?: unknown }).entries;
    if (!Array.isArray(entries) || entries.length === 0) return null;
    const parts: EventPart[] = [];
    for (const e of entries) {
      const entry = listEntryOf({ listEntry: e });
      if (!entry) return null; // anything malformed: refetch rather than show half of it
      parts.push({ entry, counters });
    }
    return parts;
  }
  const entry = listEntryOf(data);
  return entry ? [{ entry, counters }] : null;
}

const typeOf = (data: unknown): unknown =>
  typeof data === 'object' && data !== null ? (data as { type?: unknown }).type : undefined;

/**
 * Events of a buy that change the buy but no line of its 接龙 list: the list closing (`buy.closed`), a later
 * status (`buy.status_changed`: confirmed, arrived, completed), the opening, and `buy.updated`, which follows
 * every change of the buy (alone: a detail or the leader's fee, which changes amounts, so the page fetches its
 * order too), and a leader's edit of the items that renamed none (`buy.items_changed` with `keepsList`: a
 * restock's promotions carry their households' lines, a price changes amounts). A change that does touch the
 * list refetches it: an item renamed (the lines show names), `buy.failed` and `buy.cancelled` (they cancel every
 * order). A change of status alone carries the buy's new status (`statusChangeOf`): then the page fetches
 * nothing.
 */
const BUY_ONLY = new Set(['buy.closed', 'buy.status_changed', 'buy.published', 'buy.updated']);

export function leavesListAlone(data: unknown): boolean {
  const type = typeOf(data);
  if (type === 'buy.items_changed') return (data as { keepsList?: unknown }).keepsList === true;
  return typeof type === 'string' && BUY_ONLY.has(type);
}

/**
 * Events of a buy that change nothing its page shows: `money.updated` (the buy's ledger or payments, which the
 * close starts; the page links to them and shows neither), and `buy.threshold_met` (成团: the progress it
 * shows came with the order events of the same batch, or with a leader's edit's `buy.updated`). Without it,
 * every open page of a rushed buy would fetch it all again at the moment it reached its threshold. And
 * `pool.joined` (the page reads its pool once, when it opens).
 */
const NOTHING_HERE = new Set(['money.updated', 'buy.threshold_met', 'pool.joined']);
export const showsNothingHere = (data: unknown): boolean => NOTHING_HERE.has(typeOf(data) as string);

const STATUSES: ReadonlySet<unknown> = new Set(BUY_STATUSES);
const stringOrNull = (v: unknown) => v === null || typeof v === 'string';

/**
 * The buy's status a change of its status carried (`change` on `buy.published`, `buy.closed`,
 * `buy.status_changed` and the `buy.updated` after each), or null: none (an older server's event, a change of
 * details), or anything malformed, and the page fetches the buy.
 */
export function statusChangeOf(data: unknown): BuyStatusChange | null {
  const type = typeOf(data);
  if (typeof type !== 'string' || !BUY_ONLY.has(type)) return null;
  const change = (data as { change?: unknown }).change;
  if (typeof change !== 'object' || change === null) return null;
  const c = change as Partial<Record<keyof BuyStatusChange, unknown>>;
  const ok =
    typeof c.version === 'number' &&
    STATUSES.has(c.status) &&
    stringOrNull(c.publishedAt) &&
    stringOrNull(c.closedAt) &&
    stringOrNull(c.cancelReason) &&
    typeof c.updatedAt === 'string';
  return ok ? (change as BuyStatusChange) : null;
}

function countersOf(c: unknown): BuyCounters | null {
  if (typeof c !== 'object' || c === null) return null;
  const v = c as Partial<BuyCounters>;
  return typeof v.version === 'number' &&
    typeof v.liveOrders === 'number' &&
    typeof v.amountFen === 'number' &&
    Array.isArray(v.items)
    ? (v as BuyCounters)
    : null;
}

/** The 接龙 line an SSE frame of a buy carries, if any (anything malformed reads as none). */
export function listEntryOf(data: unknown): ListEntryChange | null {
  if (typeof data !== 'object' || data === null) return null;
  const entry = (data as { listEntry?: unknown }).listEntry;
  if (typeof entry !== 'object' || entry === null) return null;
  const e = entry as Partial<ListEntryChange>;
  const ok =
    typeof e.seq === 'number' &&
    typeof e.householdLabel === 'string' &&
    (e.status === 'active' || e.status === 'waitlisted' || e.status === 'cancelled') &&
    Array.isArray(e.items);
  return ok ? (e as ListEntryChange) : null;
}

/**
 * Whether a line an event carried for my household is what the page already shows as my order: the echo of
 * my own join, change or cancellation, whose answer the page showed at once. Only then may it skip fetching
 * my order; anything else (a family member's phone, a volunteer ordering for us, a promotion) differs in
 * seq, status or quantities and is fetched. `items` names the buy's items, as the line does.
 */
export function echoesMyOrder(
  entry: ListEntryChange,
  mine: Order | null,
  items: readonly { id: string; name: string }[],
): boolean {
  if (entry.status === 'cancelled') return mine === null;
  if (!mine || mine.seq !== entry.seq) return false;
  if ((entry.status === 'waitlisted') !== (mine.status === 'waitlisted')) return false;
  const names = new Map(items.map((i) => [i.id, i.name]));
  const shown = mine.lines.map((l) => `${names.get(l.itemId) ?? '?'}\u0000${l.qty}`).sort();
  const carried = entry.items.map((i) => `${i.name}\u0000${i.qty}`).sort();
  return shown.length === carried.length && shown.every((x, n) => x === carried[n]);
}

/** How often a leader's page refetches a buy's summary while order events keep coming. */
export const SUMMARY_EVERY_MS = 15_000;

/**
 * How long to wait before fetching the summary again, given when it was last fetched: 0 when it is due. The
 * summary reads every order of the buy, so during a rush it is fetched at most every `everyMs`.
 */
export function summaryDelay(now: number, lastAt: number, everyMs = SUMMARY_EVERY_MS): number {
  return Math.max(0, lastAt + everyMs - now);
}
