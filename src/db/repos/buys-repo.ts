import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db, DbHandle, Executor } from '../client.ts';
import type { ChainHead } from '../../core/audit/model.ts';
import { appendAuditEvents, readChainHead } from './audit-repo.ts';
import { captureStatements } from '../capture.ts';
import { buyItems, buys, idempotencyKeys, orders } from '../schema/buys.ts';
import type { BuyStatus } from '../../core/buys/buy.ts';
import { firstWaiters, type OrderStatus } from '../../core/buys/allocation-fns.ts';
import { placeOf, waitAsks, waitingBefore, type WaitAsk } from '../../core/buys/queue-place.ts';
import { StaleBuyError } from '../../core/buys/ports.ts';
import { orderView } from '../../core/buys/views.ts';
import type {
  AllocationWrite,
  BuyRecord,
  BuysRepo,
  BuyTx,
  BuyWithItems,
  HouseholdRecord,
  EntryRow,
  ItemRecord,
  LoadedOrder,
  MemberContext,
  MyOrderRow,
  NewItem,
  OrderListRow,
  StoredIds,
} from '../../core/buys/ports.ts';
import type { DomainEvent } from '../../core/shared/events.ts';
import { idArray, jsonRows, rows, type Row } from './raw-sql.ts';
import { VersionHeld, type ReadAtVersion } from './version-held.ts';
import { VersionedCache } from './versioned-cache.ts';
import { LookupBatcher } from './lookup-batcher.ts';
import { expandInTx, householdIn, OrderJournal, type Book } from './order-journal.ts';
import { createEventStore, eventRows, eventsInsert } from './event-store.ts';

const num = (v: unknown): number => Number(v);

interface OrderLineRow {
  id: string;
  household_id: string;
  household_label?: string;
  buy_id: string;
  seq: number;
  status: LoadedOrder['status'];
  amount_fen: string | number;
  note: string | null;
  placed_by: string | null;
  item_id: string | null;
  qty: number | null;
  allocated_qty: number | null;
  waitlisted_qty: number | null;
}

/** Folds order × line rows (ordered by seq) into orders with their lines. */
function foldOrders(list: OrderLineRow[]): (LoadedOrder & { buyId: string; householdLabel: string })[] {
  const byId = new Map<string, LoadedOrder & { buyId: string; householdLabel: string }>();
  for (const r of list) {
    let order = byId.get(r.id);
    if (!order) {
      order = {
        id: r.id,
        buyId: r.buy_id,
        householdId: r.household_id,
        householdLabel: r.household_label ?? '',
        seq: num(r.seq),
        status: r.status,
        amountFen: num(r.amount_fen),
        note: r.note,
        placedBy: r.placed_by,
        lines: [],
      };
      byId.set(r.id, order);
    }
    if (r.item_id !== null)
      order.lines.push({
        itemId: r.item_id,
        qty: num(r.qty),
        allocatedQty: num(r.allocated_qty),
        waitlistedQty: num(r.waitlisted_qty),
      });
  }
  for (const o of byId.values()) o.lines.sort((a, b) => (a.itemId < b.itemId ? -1 : 1));
  return [...byId.values()];
}

const ORDER_COLUMNS = sql`o.id, o.buy_id, o.household_id, o.seq, o.status, o.amount_fen, o.note, o.placed_by,
  l.item_id, l.qty, l.allocated_qty, l.waitlisted_qty`;

function toItem(r: typeof buyItems.$inferSelect): ItemRecord {
  return { ...r };
}

export async function loadItems(db: Executor, buyIds: string[]): Promise<ItemRecord[]> {
  if (buyIds.length === 0) return [];
  const list = await db
    .select()
    .from(buyItems)
    .where(inArray(buyItems.buyId, buyIds))
    .orderBy(asc(buyItems.buyId), asc(buyItems.position), asc(buyItems.id));
  return list.map(toItem);
}

function withItems(list: BuyRecord[], items: ItemRecord[]): BuyWithItems[] {
  return list.map((b) => ({ ...b, items: items.filter((i) => i.buyId === b.id) }));
}

/** A new buy's item rows (nothing allocated yet). */
export function itemValues(buyId: string, items: readonly NewItem[]) {
  return items.map((i) => ({ ...i, buyId, allocatedQty: 0, waitlistedQty: 0 }));
}

/**
 * Ids as ONE parameter (a PostgreSQL array): the statement's text is then the same whatever their number, so
 * the embedded database keeps it prepared (pglite-worker.mjs). `= ANY(…)` probes an index as `IN (…)` does.
 */

/** Buys kept as last read to show (findBuyToShow). */
const SHOWN_BUYS = 64;

/**
 * A buy's header as read for requests (findBuyHeader), with its version (liveOrderOf) and the state of its row
 * (findBuyToShow).
 */
interface BuyHeaderRow {
  id: string;
  community_id: string;
  status: BuyStatus;
  created_by: string;
  version: number;
  row: string;
  /** The compound's standing version, read in the same statement (memberContext's hint). */
  standing: number;
}

/** An id the database can look up as a uuid (anything else is no buy). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** List pages kept with their rows for the next read of the same page (publicEntries). */
const LAST_PAGES = 16;

/**
 * The standing of members of a compound (the compound's id as SQL: a value, or a subquery), a row each. Written
 * as per-member index probes (LATERAL … LIMIT 1) so the plan stays cheap whatever the statistics say: right
 * after a bulk import they are stale (the embedded database never refreshes them), and a hash join over every
 * claim and household of the compound cost 5–10 ms per batch.
 */
function standingSql(community: SQL, userIds: readonly string[], extraColumns: SQL = sql``): SQL {
  return sql`SELECT m.user_id, m.id AS member_id, m.community_id, m.is_admin, m.is_leader,
        (SELECT COALESCE(json_agg(vb.building_id), '[]'::json) FROM volunteer_buildings vb WHERE vb.member_id = m.id) AS volunteer_buildings,
        c.household_id, c.status AS claim_status, h.label, h.building_id${extraColumns}
      FROM members m
      LEFT JOIN LATERAL (
        SELECT c.household_id, c.status FROM household_claims c
        WHERE c.member_id = m.id AND c.community_id = m.community_id AND c.status <> 'rejected'
        ORDER BY (c.status = 'verified') DESC LIMIT 1) c ON true
      LEFT JOIN households h ON h.id = c.household_id
      WHERE m.community_id = ${community} AND m.user_id = ANY(${idArray(userIds)})`;
}

/** A row of standingSql (read through jsonRows: volunteer_buildings arrives as an array). */
function memberContextOf(r: Row): MemberContext {
  const vb =
    typeof r.volunteer_buildings === 'string' ? JSON.parse(r.volunteer_buildings) : r.volunteer_buildings;
  return {
    memberId: r.member_id as string,
    communityId: r.community_id as string,
    isAdmin: r.is_admin === true,
    isLeader: r.is_leader === true,
    volunteerBuildingIds: vb as string[],
    household: r.household_id
      ? {
          id: r.household_id as string,
          label: r.label as string,
          buildingId: r.building_id as string,
          verified: r.claim_status === 'verified',
        }
      : null,
  };
}

/**
 * Callers' standing in a compound, keyed by user id: roles, volunteer buildings, and the household they claimed
 * (a member holds at most one live claim per compound; a verified one wins should two ever exist).
 */
export async function memberContexts(
  db: Executor,
  /** The compound, or the buy whose compound it is (so the lookup need not wait for the buy's row). */
  scope: { communityId: string } | { buyId: string },
  userIds: readonly string[],
  /** Also read the live orders in this buy of the households the members claimed. */
  liveOrders: LoadedOrder[] | null = null,
): Promise<Map<string, MemberContext>> {
  const found = new Map<string, MemberContext>();
  if (userIds.length === 0) return found;
  const ordersColumn =
    liveOrders && 'buyId' in scope
      ? sql`, (SELECT json_agg(json_build_object('id', o.id, 'seq', o.seq, 'status', o.status,
            'amountFen', o.amount_fen, 'note', o.note, 'placedBy', o.placed_by,
            'lines', (SELECT COALESCE(json_agg(json_build_object('itemId', l.item_id, 'qty', l.qty,
              'allocatedQty', l.allocated_qty, 'waitlistedQty', l.waitlisted_qty) ORDER BY l.item_id), '[]'::json)
              FROM order_lines l WHERE l.order_id = o.id)))
          FROM orders o WHERE o.buy_id = ${scope.buyId} AND o.household_id = c.household_id
            AND o.status <> 'cancelled') AS live_orders`
      : sql``;
  const community =
    'communityId' in scope
      ? sql`${scope.communityId}`
      : sql`(SELECT b.community_id FROM buys b WHERE b.id = ${scope.buyId})`;
  const list = await jsonRows(db, standingSql(community, userIds, ordersColumn));
  const seen = new Set<string>();
  for (const r of list) {
    if (liveOrders && r.live_orders) {
      const orders = (
        typeof r.live_orders === 'string' ? JSON.parse(r.live_orders) : r.live_orders
      ) as LoadedOrder[];
      // Two members of one household in the batch read the same orders.
      for (const o of orders)
        if (!seen.has(o.id)) {
          seen.add(o.id);
          liveOrders.push({
            ...o,
            householdId: r.household_id as string,
            seq: num(o.seq),
            amountFen: num(o.amountFen),
            lines: o.lines.map((l) => ({
              itemId: l.itemId,
              qty: num(l.qty),
              allocatedQty: num(l.allocatedQty),
              waitlistedQty: num(l.waitlistedQty),
            })),
          });
        }
    }
    found.set(r.user_id as string, memberContextOf(r));
  }
  return found;
}

/**
 * The compound's standing version and these members' standing, in ONE statement (one snapshot), for
 * VersionHeld: a standing is reused only while the version it was read with is current.
 */
export const readStanding =
  (db: Executor): ReadAtVersion<MemberContext> =>
  async (communityId, userIds, via) => {
    const [r] = await rows<{ v: unknown; j: string | null }>(
      via ?? db,
      userIds.length === 0
        ? sql`SELECT standing_version AS v, NULL AS j FROM communities WHERE id = ${communityId}`
        : sql`SELECT (SELECT standing_version FROM communities WHERE id = ${communityId}) AS v,
            (SELECT json_agg(q)::text FROM (${standingSql(sql`${communityId}`, userIds)}) q) AS j`,
    );
    const members = new Map<string, MemberContext>();
    for (const row of r?.j ? (JSON.parse(r.j) as Row[]) : [])
      members.set(row.user_id as string, memberContextOf(row));
    // No such compound: no members (at a version no compound has).
    return { version: r?.v === undefined || r.v === null ? -1 : num(r.v), found: members };
  };

/**
 * The compound's standing version and these households' labels, in ONE statement, for VersionHeld: a label
 * changes only with its household row (a building's rename rewrites them), which moves the version.
 */
export const readLabels =
  (db: Executor): ReadAtVersion<string> =>
  async (communityId, householdIds, via) => {
    const [r] = await rows<{ v: unknown; j: string | null }>(
      via ?? db,
      sql`SELECT (SELECT standing_version FROM communities WHERE id = ${communityId}) AS v,
        (SELECT json_object_agg(id, label)::text FROM households
          WHERE community_id = ${communityId} AND id = ANY(${idArray(householdIds)})) AS j`,
    );
    const found = new Map(Object.entries(r?.j ? (JSON.parse(r.j) as Record<string, string>) : {}));
    return { version: r?.v === undefined || r.v === null ? -1 : num(r.v), found };
  };

export async function findHouseholds(
  db: Executor,
  householdIds: readonly string[],
): Promise<HouseholdRecord[]> {
  if (householdIds.length === 0) return [];
  const list = await rows(
    db,
    sql`SELECT h.id, h.community_id, h.label, h.building_id,
        (h.is_proxy OR EXISTS (SELECT 1 FROM household_claims c WHERE c.household_id = h.id AND c.status = 'verified')) AS verified
      FROM households h WHERE h.id = ANY(${idArray(householdIds)})`,
  );
  return list.map((r) => ({
    id: r.id as string,
    communityId: r.community_id as string,
    label: r.label as string,
    buildingId: r.building_id as string,
    verified: r.verified === true,
  }));
}

/**
 * Writes a set of orders from one JSON parameter: a plain INSERT for new ones (`upsert` false), else
 * INSERT … ON CONFLICT (id) DO UPDATE. In a rush almost every order is new, and the conflict check costs each
 * one a speculative insertion and an extra probe of the primary key.
 */
function writeOrders(
  buyId: string,
  list: AllocationWrite['orders'],
  upsert: boolean,
  now = new Date().toISOString(),
) {
  const json = JSON.stringify(
    list.map((o) => ({
      id: o.id,
      h: o.householdId,
      s: o.seq,
      st: o.status,
      p: o.placedBy,
      n: o.note,
      a: o.amountFen,
    })),
  );
  return sql`INSERT INTO orders (id, buy_id, household_id, seq, status, placed_by, note, amount_fen, created_at, updated_at)
    SELECT v.id, ${buyId}::uuid, v.h, v.s, v.st, v.p, v.n, v.a, ${now}::timestamptz, ${now}::timestamptz
    FROM jsonb_to_recordset(${json}::jsonb) AS v(id uuid, h uuid, s integer, st text, p uuid, n text, a bigint)${
      upsert
        ? sql` ON CONFLICT (id) DO UPDATE SET status = excluded.status, amount_fen = excluded.amount_fen,
      note = excluded.note, updated_at = excluded.updated_at`
        : sql``
    }`;
}

/** Lines of a set of orders from one JSON parameter; `upsert` as in writeOrders. */
function writeLines(list: AllocationWrite['orders'], upsert: boolean) {
  const lines = list.flatMap((o) =>
    o.lines.map((l) => ({ o: o.id, i: l.itemId, q: l.qty, a: l.allocatedQty, w: l.waitlistedQty })),
  );
  if (lines.length === 0) return null;
  return sql`INSERT INTO order_lines (order_id, item_id, qty, allocated_qty, waitlisted_qty)
    SELECT v.o, v.i, v.q, v.a, v.w
    FROM jsonb_to_recordset(${JSON.stringify(lines)}::jsonb) AS v(o uuid, i uuid, q integer, a integer, w integer)${
      upsert
        ? sql` ON CONFLICT (order_id, item_id) DO UPDATE SET qty = excluded.qty,
      allocated_qty = excluded.allocated_qty, waitlisted_qty = excluded.waitlisted_qty`
        : sql``
    }`;
}

/**
 * Writes an order batch's rows: cancellations first, in their own statement (a household that left and rejoined
 * in the same batch has two rows, and the one-live-order-per-household index is checked row by row); then
 * everything else in ONE statement, each table written set-based from one JSON parameter (sibling
 * data-modifying CTEs all run; the line → order foreign keys are checked at the end of the statement).
 * `counters`: also the items' allocated and waiting quantities and the buy's sequence, totals and version
 * (the order journal writes those when it commits a batch, and only the rows when it expands it). `at`: the
 * rows' time (default now).
 */
export async function writeAllocation(
  tx: Executor,
  buyId: string,
  write: AllocationWrite,
  { counters, at }: { counters: boolean; at?: string },
): Promise<void> {
  const cancelled = write.orders.filter((o) => o.status === 'cancelled');
  if (cancelled.length > 0) await tx.execute(writeOrders(buyId, cancelled, true, at));
  const live = write.orders.filter((o) => o.status !== 'cancelled');
  const created = write.orders.filter((o) => o.isNew === true);
  const stored = write.orders.filter((o) => o.isNew !== true);
  const liveCreated = live.filter((o) => o.isNew === true);
  const liveStored = live.filter((o) => o.isNew !== true);
  const newLines = writeLines(created, false);
  const storedLines = writeLines(stored, true);
  const parts = [
    liveCreated.length > 0 ? sql`o AS (${writeOrders(buyId, liveCreated, false, at)})` : null,
    liveStored.length > 0 ? sql`ou AS (${writeOrders(buyId, liveStored, true, at)})` : null,
    newLines ? sql`l AS (${newLines})` : null,
    storedLines ? sql`lu AS (${storedLines})` : null,
    write.droppedLines.length > 0
      ? sql`d AS (DELETE FROM order_lines AS x USING jsonb_to_recordset(${JSON.stringify(
          write.droppedLines.map((d) => ({ o: d.orderId, i: d.itemId })),
        )}::jsonb) AS v(o uuid, i uuid) WHERE x.order_id = v.o AND x.item_id = v.i)`
      : null,
    counters && write.items.length > 0
      ? sql`it AS (UPDATE buy_items AS i SET allocated_qty = v.a, waitlisted_qty = v.w
          FROM jsonb_to_recordset(${itemsJson(write)}::jsonb) AS v(id uuid, a integer, w integer)
          WHERE i.id = v.id)`
      : null,
  ].filter((p) => p !== null);
  const head = parts.length > 0 ? sql`WITH ${sql.join(parts, sql`, `)} ` : sql``;
  if (!counters) {
    if (parts.length > 0) await tx.execute(sql`${head}SELECT 1`);
    return;
  }
  await tx.execute(sql`${head}UPDATE buys
    SET next_seq = ${write.nextSeq}, live_orders = live_orders + ${write.liveOrdersDelta},
      amount_fen = amount_fen + ${write.amountFenDelta}, version = version + 1
    WHERE id = ${buyId}`);
}

/** The items' new allocated and waiting quantities, as one JSON parameter. */
export const itemsJson = (write: AllocationWrite) =>
  JSON.stringify(write.items.map((i) => ({ id: i.id, a: i.allocatedQty, w: i.waitlistedQty })));

/**
 * Gives the event loop a turn, when the embedded database runs on this thread (LINLI_PGLITE_THREAD=main). It
 * answers each statement without one (its promises resolve at once), so a whole order batch would run as one
 * long task: no connection accepted and no request read until it commits, which in a rush left new
 * connections waiting seconds to be accepted. On its own thread, and on PostgreSQL, statements already
 * leave the event loop free, and a turn would only keep the transaction open longer.
 */
type Turn = () => Promise<void>;
const yieldTurn: Turn = () => new Promise<void>((resolve) => setImmediate(resolve));
const noTurn: Turn = () => Promise.resolve();

/** An optimistic batch's first part: what its reads saw of the buy, and the writes it asked for. */
interface Recorder {
  versions: Map<string, number>;
  writes: ((w: BuyTx) => Promise<unknown>)[];
  /** The events it asked to store with its writes (BuyTx.storeEvents), stored last. */
  events: { list: readonly DomainEvent[]; stored: StoredIds } | null;
}

/** The statements an optimistic batch may use: these read, the recorded ones write later, others refuse. */
const OPTIMISTIC_READS = new Set([
  'callers',
  'findHouseholds',
  'lockBuy',
  'liveOrdersOfHouseholds',
  'waitingOrders',
  'waitingPrefix',
  'waitingBefore',
  'findIdempotency',
]);
const OPTIMISTIC_WRITES = new Set(['saveAllocation', 'appendAudit', 'saveIdempotency']);

function createTx(
  tx: Executor,
  turn: Turn,
  queuesStatements: boolean,
  options: {
    /** Record the writes instead of running them, and read the buy without its lock. */
    recorder?: Recorder;
    /** Audit chain heads already read (an optimistic batch's write transaction). */
    heads?: Map<string, ChainHead>;
    /** The instance whose events these are, for the NOTIFY of stored events (PostgreSQL); null: none. */
    notifyFrom?: string | null;
  } = {},
): BuyTx {
  const { recorder } = options;
  // Audit chain heads of the buys this transaction locked (read with the lock, so appending costs no SELECT).
  const heads = options.heads ?? new Map<string, ChainHead>();
  const rememberHead = (b: { id: string; auditSeq: number; auditHead: string | null; version: number }) => {
    heads.set(b.id, { seq: b.auditSeq, hash: b.auditHead });
    recorder?.versions.set(b.id, b.version);
  };
  const api: BuyTx = {
    queuesStatements,

    async callers(buyId, userIds) {
      await turn();
      const liveOrders: LoadedOrder[] = [];
      const members = await memberContexts(tx, { buyId }, userIds, liveOrders);
      return { members, liveOrders };
    },

    async findHouseholds(householdIds) {
      if (householdIds.length === 0) return [];
      await turn();
      return findHouseholds(tx, householdIds);
    },

    async lockBuy(buyId) {
      await turn();
      // One statement: the buy row and its items, locked in item id order (the buy row with the first one).
      const query = tx
        .select({ buy: buys, item: buyItems })
        .from(buys)
        .innerJoin(buyItems, eq(buyItems.buyId, buys.id))
        .where(eq(buys.id, buyId))
        .orderBy(asc(buyItems.id));
      let locked = await (recorder ? query : query.for('update'));
      // Rows of this buy may still be in the order journal (LINLI_ORDER_PATH=journal, on this instance or
      // another): expanded now, under the lock, so that this transaction reads and writes the orders as they
      // are (the head moved with them). Checked whatever this instance's setting: one cheap statement.
      if (!recorder && locked.length > 0 && (await expandInTx(tx, buyId)) > 0)
        locked = await query.for('update');
      if (locked.length > 0) rememberHead(locked[0]!.buy);
      if (locked.length > 0)
        return {
          ...locked[0]!.buy,
          items: locked
            .map((r) => toItem(r.item))
            .sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : 1)),
        };
      // A buy without items (a draft being written) needs its own statement.
      const draft = tx.select().from(buys).where(eq(buys.id, buyId));
      let [buy] = await (recorder ? draft : draft.for('update'));
      if (!recorder && buy && (await expandInTx(tx, buyId)) > 0) [buy] = await draft.for('update');
      if (buy) rememberHead(buy);
      return buy ? { ...buy, items: [] } : null;
    },

    async liveOrdersOfHouseholds(buyId, householdIds) {
      if (householdIds.length === 0) return [];
      await turn();
      return foldOrders(
        await rows<OrderLineRow>(
          tx,
          sql`SELECT ${ORDER_COLUMNS} FROM orders o LEFT JOIN order_lines l ON l.order_id = o.id
            WHERE o.buy_id = ${buyId} AND o.status <> 'cancelled'
              AND o.household_id = ANY(${idArray(householdIds)})`,
        ),
      );
    },

    async waitingPrefix(buyId, wants) {
      if (wants.length === 0) return { orders: [], through: new Map() };
      await turn();
      // Each item's waiters by seq, while the quantity waiting before them is short of the want (NULL: all).
      const wanted = JSON.stringify(
        wants.map((w) => ({ i: w.itemId, q: Number.isFinite(w.qty) ? Math.ceil(w.qty) : null })),
      );
      const bySeq = foldOrders(
        await rows<OrderLineRow>(
          tx,
          sql`SELECT ${ORDER_COLUMNS} FROM orders o LEFT JOIN order_lines l ON l.order_id = o.id
            WHERE o.id IN (
              SELECT w.order_id FROM (
                SELECT wl.order_id, wl.item_id,
                  SUM(wl.waitlisted_qty) OVER (PARTITION BY wl.item_id ORDER BY wo.seq) - wl.waitlisted_qty AS before
                FROM order_lines wl JOIN orders wo ON wo.id = wl.order_id
                WHERE wo.buy_id = ${buyId} AND wo.status <> 'cancelled' AND wl.waitlisted_qty > 0
                  AND wl.item_id IN (SELECT x.i FROM json_to_recordset(${wanted}::json) AS x(i uuid, q integer))
              ) w JOIN json_to_recordset(${wanted}::json) AS x(i uuid, q integer) ON x.i = w.item_id
              WHERE x.q IS NULL OR w.before < x.q)
            ORDER BY o.seq`,
        ),
      );
      return firstWaiters(bySeq, wants);
    },

    async waitingBefore(buyId, asks) {
      if (asks.length === 0) return [];
      await turn();
      return waitingBeforeIn(
        tx,
        asks.map((a) => ({ buyId, ...a })),
      );
    },

    async waitingOrders(buyId, itemIds) {
      if (itemIds.length === 0) return [];
      await turn();
      return foldOrders(
        await rows<OrderLineRow>(
          tx,
          sql`SELECT ${ORDER_COLUMNS} FROM orders o LEFT JOIN order_lines l ON l.order_id = o.id
            WHERE o.buy_id = ${buyId} AND o.status <> 'cancelled' AND o.id IN (
              SELECT w.order_id FROM order_lines w
              WHERE w.waitlisted_qty > 0 AND w.item_id IN (${sql.join(
                itemIds.map((i) => sql`${i}`),
                sql`, `,
              )}))
            ORDER BY o.seq`,
        ),
      );
    },

    async findIdempotency(keys) {
      if (keys.length === 0) return [];
      await turn();
      const found = await tx
        .select()
        .from(idempotencyKeys)
        .where(
          sql`(${idempotencyKeys.scope}, ${idempotencyKeys.key}) IN (${sql.join(
            keys.map((k) => sql`(${k.scope}, ${k.key})`),
            sql`, `,
          )})`,
        );
      return found.map((r) => ({ ...r }));
    },

    async saveIdempotency(records) {
      if (records.length === 0) return;
      await turn();
      await tx.insert(idempotencyKeys).values(records.map((r) => ({ ...r, response: r.response as object })));
    },

    async storeEvents(events, stored) {
      await turn();
      const ids = await createEventStore(tx).append(events, options.notifyFrom ?? null, true);
      stored.ids = ids.map((e) => e.id);
    },

    async saveAllocation(buyId, write) {
      await turn();
      await writeAllocation(tx, buyId, write, { counters: true });
    },

    async setStatus(buyId, status, at, extra = {}) {
      await tx
        .update(buys)
        .set({ status, updatedAt: at, version: sql`${buys.version} + 1`, ...extra })
        .where(eq(buys.id, buyId));
    },

    async releaseOrders(buyId, reason, at) {
      const released = await tx
        .update(orders)
        .set({ status: 'cancelled', cancelReason: reason, amountFen: 0, updatedAt: at })
        .where(and(eq(orders.buyId, buyId), sql`${orders.status} <> 'cancelled'`))
        .returning({ id: orders.id });
      await tx.update(buyItems).set({ allocatedQty: 0, waitlistedQty: 0 }).where(eq(buyItems.buyId, buyId));
      await tx.update(buys).set({ liveOrders: 0, amountFen: 0 }).where(eq(buys.id, buyId));
      return released.map((r) => r.id);
    },

    async updateFields(buyId, fields, at) {
      await tx
        .update(buys)
        .set({ ...fields, updatedAt: at, version: sql`${buys.version} + 1` })
        .where(eq(buys.id, buyId));
    },

    async replaceItems(buyId, items) {
      await tx.delete(buyItems).where(eq(buyItems.buyId, buyId));
      if (items.length > 0) await tx.insert(buyItems).values(itemValues(buyId, items));
    },

    async insertItems(buyId, items) {
      if (items.length > 0) await tx.insert(buyItems).values(itemValues(buyId, items));
    },

    async updateItems(items) {
      for (const i of items) {
        await tx
          .update(buyItems)
          .set({
            name: i.name,
            spec: i.spec,
            unit: i.unit,
            priceFen: i.priceFen,
            stock: i.stock,
            perHouseholdMax: i.perHouseholdMax,
            packSize: i.packSize,
            position: i.position,
            allocatedQty: i.allocatedQty,
            waitlistedQty: i.waitlistedQty,
          })
          .where(eq(buyItems.id, i.id));
      }
    },

    async recomputeAmounts(buyId) {
      const changed = await rows<{ id: string }>(
        tx,
        sql`WITH amounts AS (
            SELECT o.id,
              COALESCE(SUM(l.allocated_qty::bigint * i.price_fen), 0)
                + CASE WHEN COALESCE(SUM(l.allocated_qty), 0) > 0 THEN b.leader_fee_fen ELSE 0 END AS amount
            FROM orders o
            JOIN buys b ON b.id = o.buy_id
            LEFT JOIN order_lines l ON l.order_id = o.id
            LEFT JOIN buy_items i ON i.id = l.item_id
            WHERE o.buy_id = ${buyId} AND o.status <> 'cancelled'
            GROUP BY o.id, b.leader_fee_fen)
          UPDATE orders o SET amount_fen = a.amount, updated_at = now()
          FROM amounts a WHERE o.id = a.id AND o.amount_fen <> a.amount
          RETURNING o.id`,
      );
      await tx.execute(sql`UPDATE buys SET amount_fen = (
          SELECT COALESCE(SUM(amount_fen), 0) FROM orders WHERE buy_id = ${buyId} AND status <> 'cancelled')
        WHERE id = ${buyId}`);
      return changed.map((r) => r.id);
    },

    async lockDueBuys(now, limit) {
      const due = await rows<{ id: string }>(
        tx,
        sql`SELECT id FROM buys b WHERE status = 'open' AND deadline <= ${now.toISOString()}::timestamptz
            AND NOT EXISTS (SELECT 1 FROM pool_members pm WHERE pm.buy_id = b.id)
          ORDER BY deadline LIMIT ${limit} FOR UPDATE SKIP LOCKED`,
      );
      return due.map((r) => r.id);
    },

    async poolOf(buyId) {
      const [row] = await rows<{ pool_id: string }>(
        tx,
        sql`SELECT pool_id FROM pool_members WHERE buy_id = ${buyId}`,
      );
      return row?.pool_id ?? null;
    },

    async lockDuePools(now, limit) {
      const due = await rows<{ id: string; min_total_qty: number | null; min_amount_fen: number | null }>(
        tx,
        sql`SELECT id, min_total_qty, min_amount_fen FROM pools
          WHERE closed_at IS NULL AND deadline <= ${now.toISOString()}::timestamptz
          ORDER BY deadline LIMIT ${limit} FOR UPDATE SKIP LOCKED`,
      );
      if (due.length === 0) return [];
      const members = await rows<{ pool_id: string; buy_id: string }>(
        tx,
        sql`SELECT pool_id, buy_id FROM pool_members
          WHERE pool_id = ANY(${idArray(due.map((p) => p.id))}) ORDER BY buy_id`,
      );
      return due.map((p) => ({
        id: p.id,
        minTotalQty: p.min_total_qty,
        minAmountFen: p.min_amount_fen,
        buyIds: members.filter((m) => m.pool_id === p.id).map((m) => m.buy_id),
      }));
    },

    async finishPool(poolId, outcome, at) {
      await tx.execute(
        sql`UPDATE pools SET closed_at = ${at.toISOString()}::timestamptz, outcome = ${outcome} WHERE id = ${poolId}`,
      );
    },

    async markPoolMet(poolId, buyIds, at) {
      if (buyIds.length === 0) return new Set<string>();
      const marked = await rows<{ buy_id: string }>(
        tx,
        sql`UPDATE pool_members pm SET met_told_at = ${at.toISOString()}::timestamptz
          FROM pools p, buys b
          WHERE pm.pool_id = ${poolId} AND pm.buy_id = ANY(${idArray(buyIds)}) AND pm.met_told_at IS NULL
            AND p.id = pm.pool_id AND p.closed_at IS NULL AND b.id = pm.buy_id AND b.status = 'open'
          RETURNING pm.buy_id`,
      );
      return new Set(marked.map((r) => r.buy_id));
    },

    async appendAudit(buyId, drafts) {
      if (drafts.length === 0) return;
      await turn();
      const head = heads.get(buyId) ?? (await readChainHead(tx, buyId));
      heads.set(buyId, await appendAuditEvents(tx, buyId, head, drafts));
    },
  };
  if (!recorder) return api;
  // The buy is read first and the other reads only once it has been: its version is then the oldest thing the
  // batch saw, so any commit that lands between the reads (every writer of orders or counters bumps the
  // version) fails the check at write time. (Sent together, the statements' order on the wire would depend
  // on how many promise hops each takes to be sent.)
  let buyRead: Promise<unknown> | null = null;
  const afterBuy =
    (method: (...a: unknown[]) => Promise<unknown>) =>
    async (...args: unknown[]) => {
      if (!buyRead) throw new Error('an optimistic order batch reads its buy first');
      await buyRead.catch(() => {});
      return method(...args);
    };
  const recording: Record<string, unknown> = { queuesStatements };
  for (const [name, method] of Object.entries(api)) {
    if (typeof method !== 'function') continue;
    recording[name] =
      name === 'lockBuy'
        ? (...args: unknown[]) => (buyRead = (method as (...a: unknown[]) => Promise<unknown>)(...args))
        : OPTIMISTIC_READS.has(name)
          ? afterBuy(method as (...a: unknown[]) => Promise<unknown>)
          : OPTIMISTIC_WRITES.has(name)
            ? (...args: unknown[]) => {
                recorder.writes.push((w) =>
                  (w as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[name]!(...args),
                );
                return Promise.resolve();
              }
            : name === 'storeEvents'
              ? (list: readonly DomainEvent[], stored: StoredIds) => {
                  recorder.events = { list, stored };
                  return Promise.resolve();
                }
              : () => Promise.reject(new Error(`${name} is not available in an optimistic order batch`));
  }
  return recording as unknown as BuyTx;
}

/** The buys context's persistence: buys, items, orders and their lines, idempotency keys. */
/**
 * `yieldBetweenStatements`: the embedded database runs on the calling thread (see yieldTurn).
 * `queuesStatements`: a transaction may be sent several statements at once (the embedded database runs them
 * in order; a PostgreSQL connection takes one at a time), see BuyTx.queuesStatements.
 */
export function createBuysRepo(
  db: Db,
  options: {
    yieldBetweenStatements?: boolean;
    queuesStatements?: boolean;
    /** The embedded database on its own thread: a transaction in one message (DbHandle.script). */
    script?: DbHandle['script'];
    /** The memory-first order path (LINLI_ORDER_PATH=journal; docs/order-book.md). */
    journal?: boolean;
    /** With the journal: expand a buy's journal once its batches have stopped for this long (0: never). */
    journalIdleMs?: number;
    /** With the journal: then drop the buy's book from memory after this long without a batch. */
    journalForgetMs?: number;
    /** With the journal: each time a buy's book is loaded whole (a metric). */
    onBookLoad?: () => void;
    /**
     * This instance's name in the NOTIFY of events an order batch stores (PostgreSQL: the other instances
     * send them to their streams; realtime-bridge.ts); null or absent: no NOTIFY (the embedded database).
     */
    notifyFrom?: string | null;
  } = {},
): BuysRepo {
  const turn = options.yieldBetweenStatements ? yieldTurn : noTurn;
  const queues = options.queuesStatements ?? false;
  const withJournal = options.journal ?? false;
  // Members' standing, reused while their compound's standing version holds: the largest read of an order
  // batch, and what every buy page's request checks first (so a resident's page load also readies their join).
  const standing = new VersionHeld(readStanding(db));
  // Members asked for at once (every request of a compound's pages checks its member first), by compound:
  // one read of the standing each, sent after they all asked.
  const members = new LookupBatcher<MemberContext>(async (keys) => {
    const byCommunity = new Map<string, string[]>();
    for (const key of keys) {
      const [communityId, userId] = key.split(' ') as [string, string];
      if (!UUID.test(communityId)) continue; // no compound: no member (and no error for the others asked)
      byCommunity.set(communityId, [...(byCommunity.get(communityId) ?? []), userId]);
    }
    const found = new Map<string, MemberContext>();
    await Promise.all(
      [...byCommunity].map(async ([communityId, userIds]) => {
        for (const [userId, member] of await standing.get(communityId, userIds))
          found.set(`${communityId} ${userId}`, member);
      }),
    );
    return found;
  });
  const notifyFrom = options.notifyFrom ?? null;
  const journal = createOrderJournal(db, queues, standing, {
    notifyFrom,
    idleMs: options.journalIdleMs ?? 0,
    forgetMs: options.journalForgetMs,
    onLoad: options.onBookLoad,
  });
  async function findBuy(buyId: string): Promise<BuyWithItems | null> {
    const [buy] = await db.select().from(buys).where(eq(buys.id, buyId));
    if (!buy) return null;
    return { ...buy, items: await loadItems(db, [buyId]) };
  }
  // The headers of buys that requests ask for at once, read in one statement (each request's read is sent
  // after it asked, so it sees every change committed before): every page's request checks its buy first.
  const headers = new LookupBatcher<BuyHeaderRow>(async (ids) => {
    const valid = ids.filter((id) => UUID.test(id));
    const found = new Map<string, BuyHeaderRow>();
    if (valid.length === 0) return found;
    const list = await rows<BuyHeaderRow>(
      db,
      // The row's version and the transaction that wrote it (xmin: any change of the row, of whatever column,
      // is a new one): the state of the row, for findBuyToShow.
      // And the compound's standing version: the standing held at it answers the request's check of its
      // member with no statement of its own (memberContext).
      sql`SELECT b.id, b.community_id, b.status, b.created_by, b.version, b.version || ':' || b.xmin::text AS row,
            c.standing_version AS standing
          FROM buys b JOIN communities c ON c.id = b.community_id WHERE b.id = ANY(${idArray(valid)})`,
    );
    for (const r of list) found.set(r.id, r);
    return found;
  });
  // Buys as findBuy last read them, to show, with the state of their row then (findBuyToShow): a few, those
  // being read lately.
  const shown = new Map<string, { row: string; buy: BuyWithItems }>();
  async function findBuyToShow(
    buyId: string,
  ): Promise<{ buy: BuyWithItems; standingVersion: number } | null> {
    // Every write of the buy's items moves its version, in the same transaction.
    const state = await headers.get(buyId, new Date());
    if (!state) return null;
    const standingVersion = Number(state.standing);
    const held = shown.get(buyId);
    if (held?.row === state.row) return { buy: held.buy, standingVersion };
    const buy = await findBuy(buyId);
    // Read after the state: a write between the two reads makes it newer than the state it is kept under,
    // and a later check (which sees that write) reads it again.
    if (buy) {
      if (shown.size >= SHOWN_BUYS && !shown.has(buyId)) shown.delete(shown.keys().next().value!);
      shown.set(buyId, { row: state.row, buy });
    }
    return buy && { buy, standingVersion };
  }
  // Household labels, for the public list read from a buy's book: reused while the standing version holds.
  const labels = new VersionHeld(readLabels(db));
  // The list's row of each order of a book, handed out again while the order and its label are the same (the
  // book replaces an order it changes), so what is built of the row downstream is built once (jielongEntryOf).
  const bookRows = new WeakMap<LoadedOrder, EntryRow>();
  // The last list page read from each buy's book (by buy and page), with the labels' version its rows hold at:
  // a rush makes a new version with every batch, which changes a few of up to 5,000 orders, and the next read
  // asks the labels of those only (looking 5,000 up at every read was most of the list's time on the server's
  // thread: docs/benchmarks.md, forty-sixth session). A few pages, those of the buys being read lately.
  const lastPages = new Map<string, { orders: readonly LoadedOrder[]; rows: EntryRow[]; labels: number }>();
  /** The public 接龙 list's rows (BuysRepo.publicEntries). */
  async function readEntries(buyId: string, afterSeq: number, limit: number): Promise<EntryRow[]> {
    // Only what the public list shows, as ONE text value: a line per order line, "seq TAB status TAB label
    // (as a JSON string, so no tab or newline of its own) TAB item:qty:waitlisted", in seq order. Decoding 5,000
    // orders' rows field by field (PGlite's parser allocates a buffer per field) had been most of the
    // list's time; one value is one buffer.
    const [row] = await rows<{ list: string | null }>(
      db,
      sql`WITH page AS (
            SELECT o.id, o.seq, o.status, o.household_id FROM orders o
            WHERE o.buy_id = ${buyId} AND o.seq > ${afterSeq} AND o.status <> 'cancelled'
            ORDER BY o.seq LIMIT ${limit})
          SELECT string_agg(o.seq || E'\t' || o.status || E'\t' || to_json(h.label)::text || E'\t' ||
            COALESCE(l.item_id::text || ':' || l.qty || ':' || l.waitlisted_qty, ''), E'\n'
            ORDER BY o.seq, l.item_id) AS list
          FROM page o JOIN households h ON h.id = o.household_id
          LEFT JOIN order_lines l ON l.order_id = o.id`,
    );
    if (!row?.list) return [];
    const out: EntryRow[] = [];
    for (const line of row.list.split('\n')) {
      const [seq, status, label, itemQty] = line.split('\t') as [string, OrderStatus, string, string];
      let entry = out.at(-1);
      if (entry?.seq !== Number(seq)) {
        entry = { seq: Number(seq), status, householdLabel: JSON.parse(label) as string, lines: [] };
        out.push(entry);
      }
      if (itemQty) {
        const [itemId, qty, waitlisted] = itemQty.split(':') as [string, string, string];
        entry.lines.push({ itemId, qty: Number(qty), waitlistedQty: Number(waitlisted) });
      }
    }
    return out;
  }
  const entriesCache = new VersionedCache<EntryRow[]>({ ttlMs: 5_000, max: 64 });
  return {
    transaction: (fn) => db.transaction((tx) => fn(createTx(tx, turn, queues, { notifyFrom }))),

    journal: withJournal ? journal : null,

    expandJournal: (scope) => journal.expandAll(scope),

    optimistic: queues,

    async optimisticBatch(buyId, fn) {
      const recorder: Recorder = { versions: new Map(), writes: [], events: null };
      const heads = new Map<string, ChainHead>();
      const value = await fn(createTx(db, turn, queues, { recorder, heads }));
      if (recorder.writes.length === 0) return value;
      const version = recorder.versions.get(buyId);
      if (version === undefined) throw new Error('an optimistic order batch wrote without reading its buy');
      if (options.script) {
        // The check and the writes go to the database thread as one message and run there to the commit.
        const writes = await captureStatements(async (c) => {
          const w = createTx(c, noTurn, queues, { heads });
          for (const write of recorder.writes) await write(w);
        });
        const check = {
          sql: 'SELECT version FROM buys WHERE id = $1 FOR UPDATE',
          params: [buyId],
          expect: version,
        };
        // The events last, their rows' ids sent back.
        const events = recorder.events && eventRows(recorder.events.list, true);
        const insert = events
          ? (await captureStatements((c) => rows(c, eventsInsert(events)))).map((st) => ({
              ...st,
              returning: true,
            }))
          : [];
        const done = await options.script([check, ...writes, ...insert]);
        if (done.outcome === 'stale') throw new StaleBuyError(buyId);
        if (events && recorder.events) recorder.events.stored.ids = events.ids(done.returned.map(Number));
        return value;
      }
      await db.transaction(async (t) => {
        const w = createTx(t, turn, queues, { heads });
        const current = async () => {
          const [row] = await t
            .select({ version: buys.version })
            .from(buys)
            .where(eq(buys.id, buyId))
            .for('update');
          return row?.version;
        };
        // The lock and the check first (the writes bump the version themselves); nothing is written for a
        // stale batch.
        if ((await current()) !== version) throw new StaleBuyError(buyId);
        const storeEvents = () =>
          recorder.events ? w.storeEvents(recorder.events.list, recorder.events.stored) : null;
        if (!queues) {
          for (const write of recorder.writes) await write(w);
          await storeEvents();
          return;
        }
        // The embedded database runs them in order in one round trip.
        const written = await Promise.allSettled([
          ...recorder.writes.map((write) => write(w)),
          storeEvents(),
        ]);
        const failed = written.find((r) => r.status === 'rejected');
        if (failed) throw (failed as PromiseRejectedResult).reason;
      });
      return value;
    },

    async insertBuy(buy, items) {
      await db.transaction(async (tx) => {
        await tx.insert(buys).values(buy);
        if (items.length > 0) await tx.insert(buyItems).values(itemValues(buy.id, items));
      });
    },

    findBuy,

    findBuyToShow,

    async findBuyHeader(buyId) {
      const h = await headers.get(buyId, new Date());
      return (
        h && {
          id: h.id,
          communityId: h.community_id,
          status: h.status,
          createdBy: h.created_by,
          version: Number(h.version),
          standingVersion: Number(h.standing),
        }
      );
    },

    async listBuys(communityId, statuses) {
      const where = statuses
        ? and(eq(buys.communityId, communityId), inArray(buys.status, [...statuses] as BuyStatus[]))
        : eq(buys.communityId, communityId);
      const list = await db.select().from(buys).where(where).orderBy(asc(buys.deadline)).limit(500);
      return withItems(
        list,
        await loadItems(
          db,
          list.map((b) => b.id),
        ),
      );
    },

    memberContext(communityId, userId, standingVersion) {
      // Held at the version the caller's header statement read: as fresh as reading it now would be.
      if (standingVersion !== undefined) {
        const held = standing.heldAt(communityId, userId, standingVersion);
        if (held !== undefined) return Promise.resolve(held);
      }
      return members.get(`${communityId} ${userId}`, new Date());
    },

    async findHousehold(householdId) {
      return (await findHouseholds(db, [householdId]))[0] ?? null;
    },

    async listOrders(buyId, { afterSeq, limit, liveOnly }): Promise<OrderListRow[]> {
      // Page by seq over orders first, then fetch their lines: a page is `limit` orders, whatever their lines.
      const list = await rows<OrderLineRow>(
        db,
        sql`WITH page AS (
            SELECT o.* FROM orders o WHERE o.buy_id = ${buyId} AND o.seq > ${afterSeq}
              ${liveOnly ? sql`AND o.status <> 'cancelled'` : sql``}
            ORDER BY o.seq LIMIT ${limit})
          SELECT ${ORDER_COLUMNS}, h.label AS household_label
          FROM page o JOIN households h ON h.id = o.household_id
          LEFT JOIN order_lines l ON l.order_id = o.id
          ORDER BY o.seq`,
      );
      return foldOrders(list);
    },

    async publicEntries(buy, { afterSeq, limit }) {
      const buyId = buy.id;
      // The rows, once every join answered is in them (shared by the callers at this version).
      const fromRows = () =>
        entriesCache.get(`${buyId}:${afterSeq}:${limit}`, buy.version, async () => {
          await journal.expandAll({ buyId });
          return readEntries(buyId, afterSeq, limit);
        });
      const booked = journal.bookAt(buyId, buy.version);
      if (!booked) return { version: buy.version, items: buy.items, read: fromRows };
      // The page: the book's sorted orders themselves when they all are on it (the first page of a list of up
      // to `limit`), else those after `afterSeq`, up to `limit`.
      const all = booked.orders;
      let page = all;
      if (all.length > limit || (all.length > 0 && all[0]!.seq <= afterSeq)) {
        const some: LoadedOrder[] = [];
        for (const o of all) if (o.seq > afterSeq && some.push(o) >= limit) break;
        page = some;
      }
      return {
        version: booked.version,
        items: booked.buy.items,
        read: async () => {
          const key = `${buyId}:${afterSeq}:${limit}`;
          const last = lastPages.get(key);
          // The rows of the last read whose orders are the same objects (one walk of both in seq order), and
          // the households of the others, whose labels are asked for.
          const kept: (EntryRow | undefined)[] = new Array(page.length);
          const asked = new Set<string>();
          for (let i = 0, j = 0; i < page.length; i++) {
            const o = page[i]!;
            if (last) {
              while (j < last.orders.length && last.orders[j]!.seq < o.seq) j++;
              if (last.orders[j] === o) {
                kept[i] = last.rows[j];
                continue;
              }
            }
            asked.add(o.householdId);
          }
          const communityId = booked.buy.communityId;
          let { version, found } = await labels.getAt(communityId, [...asked]);
          if (last && last.labels !== version) {
            // A label may have changed since the last read: every row is made again.
            kept.fill(undefined);
            for (const o of page) asked.add(o.householdId);
            ({ version, found } = await labels.getAt(communityId, [...asked]));
          }
          // Every order's household is the compound's (a foreign key): the rows' read is only a safeguard.
          if (found.size < asked.size) return fromRows();
          const out: EntryRow[] = [];
          for (let i = 0; i < page.length; i++) {
            let row = kept[i];
            if (!row) {
              const o = page[i]!;
              const householdLabel = found.get(o.householdId)!;
              row = bookRows.get(o);
              if (row?.householdLabel !== householdLabel) {
                const lines = o.lines.map((l) => ({
                  itemId: l.itemId,
                  qty: l.qty,
                  waitlistedQty: l.waitlistedQty,
                }));
                row = { seq: o.seq, status: o.status, householdLabel, lines };
                bookRows.set(o, row);
              }
            }
            out.push(row);
          }
          lastPages.delete(key);
          lastPages.set(key, { orders: page, rows: out, labels: version });
          if (lastPages.size > LAST_PAGES) lastPages.delete(lastPages.keys().next().value!);
          return out;
        },
      };
    },

    async liveOrderOf(buy, householdId) {
      const buyId = buy.id;
      // From the book: the order and what waits before it at one version (synchronous, nothing in between).
      const version = buy.version;
      const booked = journal.householdAt(buyId, version, householdId);
      if (booked) {
        const order = booked[0];
        if (!order) return null;
        const ahead = journal.waitingBeforeAt(buyId, version, waitAsks(order));
        if (ahead) return { order, place: placeOf(order, ahead) };
      }
      await journal.expandAll({ buyId });
      const read = createTx(db, noTurn, queues);
      const [order] = await read.liveOrdersOfHouseholds(buyId, [householdId]);
      return order
        ? { order, place: placeOf(order, await read.waitingBefore(buyId, waitAsks(order))) }
        : null;
    },

    async ordersOfHousehold(household, communityId): Promise<MyOrderRow[]> {
      // The compound's buys whose book this process holds at their version as read now: their orders come from
      // the books, their journals left as they are (a rushing buy's would be expanded under its lock while the
      // next batches wait). Every other buy's journal is expanded first, as the gate would have.
      const held = journal.heldIn(communityId);
      const versions = held.length
        ? await rows<{ id: string; version: number }>(
            db,
            sql`SELECT id, version FROM buys WHERE id IN (${sql.join(
              held.map((id) => sql`${id}`),
              sql`, `,
            )})`,
          )
        : [];
      const books = journal.booksAt(new Map(versions.map((v) => [v.id, Number(v.version)])));
      await journal.expandAll({ communityId }, books);
      const list = await rows<
        OrderLineRow & { title: string; buy_status: BuyStatus; community_id: string; deadline: Date | string }
      >(
        db,
        sql`SELECT ${ORDER_COLUMNS}, h.label AS household_label, b.title, b.status AS buy_status, b.community_id, b.deadline
          FROM orders o JOIN buys b ON b.id = o.buy_id JOIN households h ON h.id = o.household_id
          LEFT JOIN order_lines l ON l.order_id = o.id
          WHERE o.household_id = ${household.id} AND b.community_id = ${communityId}
          ORDER BY b.deadline DESC, o.seq`,
      );
      const meta = new Map(list.map((r) => [r.id, r]));
      const fromRows = foldOrders(list).map((o): MyOrderRow => {
        const m = meta.get(o.id)!;
        return {
          ...o,
          buyTitle: m.title,
          buyStatus: m.buy_status,
          communityId: m.community_id,
          deadline: new Date(m.deadline),
        };
      });
      if (books.size === 0) return withPlaces(db, fromRows, books);
      // A book holds every order of the household it changed since its load; the rows, read after the book was
      // taken, hold the others as they are.
      const fromBooks: MyOrderRow[] = [];
      const changed = new Set<string>();
      for (const [buyId, book] of books)
        for (const o of householdIn(book, household.id)) {
          changed.add(o.id);
          fromBooks.push({
            ...orderView(o, buyId, household.label),
            buyTitle: book.buy.title,
            buyStatus: book.buy.status,
            communityId: book.buy.communityId,
            deadline: book.buy.deadline,
          });
        }
      const all = [...fromRows.filter((o) => !changed.has(o.id)), ...fromBooks].sort(
        (a, b) => b.deadline.getTime() - a.deadline.getTime() || a.seq - b.seq,
      );
      return withPlaces(db, all, books);
    },
  };
}

/**
 * Per ask, its item's waiting quantity on the live orders of its buy before its seq, from the rows (the partial
 * index of waiting lines): one statement for asks of any buys.
 */
async function waitingBeforeIn(
  db: Executor,
  asks: readonly (WaitAsk & { buyId: string })[],
): Promise<number[]> {
  if (asks.length === 0) return [];
  const asked = JSON.stringify(asks.map((a, n) => ({ n, b: a.buyId, i: a.itemId, s: a.seq })));
  const found = await rows<{ n: number; ahead: number | string }>(
    db,
    sql`SELECT x.n, COALESCE((
        SELECT SUM(l.waitlisted_qty) FROM order_lines l JOIN orders o ON o.id = l.order_id
        WHERE l.item_id = x.i AND l.waitlisted_qty > 0 AND o.buy_id = x.b
          AND o.status <> 'cancelled' AND o.seq < x.s), 0) AS ahead
      FROM json_to_recordset(${asked}::json) AS x(n integer, b uuid, i uuid, s integer)`,
  );
  const out = asks.map(() => 0);
  for (const r of found) out[Number(r.n)] = Number(r.ahead);
  return out;
}

/**
 * The places in the queue of the household's waiting orders in open buys (`GET /api/me/orders`): from the book
 * of a buy this process holds (as it is now: the rows of a held buy may lag behind it), else from the rows, in one
 * statement for every such buy.
 */
async function withPlaces(
  db: Executor,
  orders: MyOrderRow[],
  books: ReadonlyMap<string, Book>,
): Promise<MyOrderRow[]> {
  const asks: (WaitAsk & { buyId: string })[] = [];
  const fromRows: { order: MyOrderRow; from: number; to: number }[] = [];
  for (const o of orders) {
    const own = o.buyStatus === 'open' ? waitAsks(o) : [];
    if (own.length === 0) continue;
    const book = books.get(o.buyId);
    if (book) o.place = placeOf(o, waitingBefore(book.waiting, own));
    else {
      fromRows.push({ order: o, from: asks.length, to: asks.length + own.length });
      for (const a of own) asks.push({ buyId: o.buyId, ...a });
    }
  }
  const ahead = await waitingBeforeIn(db, asks);
  for (const { order, from, to } of fromRows) order.place = placeOf(order, ahead.slice(from, to));
  return orders;
}

/** The order journal over this repository's reads (docs/order-book.md). */
function createOrderJournal(
  db: Db,
  queues: boolean,
  standing: VersionHeld<MemberContext>,
  timing: { notifyFrom: string | null; idleMs: number; forgetMs?: number; onLoad?: () => void },
): OrderJournal {
  // A PostgreSQL pool lets the batch's reads run beside the transaction that holds the buy's lock.
  const options = { ...timing, canLock: !queues };
  return new OrderJournal(
    db,
    {
      members: (communityId, userIds, via) => standing.get(communityId, userIds, via),
      findHouseholds: (ids, via) => (ids.length === 0 ? Promise.resolve([]) : findHouseholds(via ?? db, ids)),
      findIdempotency: (keys, via) => createTx(via ?? db, noTurn, queues).findIdempotency(keys),
      lockBuy: async (tx, buyId) => {
        const [buy] = await tx.select().from(buys).where(eq(buys.id, buyId)).for('update');
        if (!buy) return null;
        const items = (await loadItems(tx, [buyId])).sort(
          (a, b) => a.position - b.position || (a.id < b.id ? -1 : 1),
        );
        return { ...buy, items };
      },
      liveOrders: async (tx, buyId) =>
        foldOrders(
          await rows<OrderLineRow>(
            tx,
            sql`SELECT ${ORDER_COLUMNS} FROM orders o LEFT JOIN order_lines l ON l.order_id = o.id
            WHERE o.buy_id = ${buyId} AND o.status <> 'cancelled' ORDER BY o.seq`,
          ),
        ).map(({ buyId: _b, householdLabel: _l, ...o }) => o),
    },
    options,
  );
}
