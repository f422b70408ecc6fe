/** What the buys use-cases need from the outside world. Implemented in src/db/repos/buys-repo.ts. */
import { AppError } from '../shared/app-error.ts';
import type { Clock, EventPublisher, IdGenerator, StoredIds } from '../shared/ports.ts';
import type { DomainEvent } from '../shared/events.ts';
import type { AuditDraft } from '../audit/model.ts';
import type { AllocOrder, OrderStatus, WaitlistWant } from './allocation-fns.ts';
import type { BuyStatus, PickupMode } from './buy.ts';
import type { QueuePlace, WaitAsk } from './queue-place.ts';

export interface BuyRecord {
  id: string;
  communityId: string;
  title: string;
  description: string;
  supplierName: string | null;
  supplierContact: string | null;
  deadline: Date;
  deliveryDate: string | null;
  pickupMode: PickupMode;
  minTotalQty: number | null;
  minAmountFen: number | null;
  leaderFeeFen: number;
  status: BuyStatus;
  cancelReason: string | null;
  createdBy: string;
  nextSeq: number;
  liveOrders: number;
  amountFen: number;
  version: number;
  publishedAt: Date | null;
  closedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ItemRecord {
  id: string;
  buyId: string;
  position: number;
  name: string;
  spec: string | null;
  unit: string | null;
  priceFen: number;
  stock: number | null;
  perHouseholdMax: number | null;
  packSize: number | null;
  allocatedQty: number;
  waitlistedQty: number;
}

export interface BuyWithItems extends BuyRecord {
  items: ItemRecord[];
}

/**
 * What a request checks of a buy first: its compound, who may see it, and its version as read then; with its
 * compound's standing version read in the same statement (`memberContext`'s hint).
 */
export type BuyHeader = Pick<BuyRecord, 'id' | 'communityId' | 'status' | 'createdBy' | 'version'> & {
  standingVersion: number;
};

/** The caller's standing in a compound. */
export interface MemberContext {
  memberId: string;
  communityId: string;
  isAdmin: boolean;
  isLeader: boolean;
  volunteerBuildingIds: string[];
  /** The household the member claimed (verified or pending), if any. */
  household: { id: string; label: string; buildingId: string; verified: boolean } | null;
}

export interface HouseholdRecord {
  id: string;
  communityId: string;
  label: string;
  buildingId: string;
  /** A verified claim exists, or it is a proxy household registered by a volunteer. */
  verified: boolean;
}

/** A live order as loaded for allocation, with the fields allocation does not touch. */
export interface LoadedOrder extends AllocOrder {
  note: string | null;
  placedBy: string | null;
}

export interface OrderWrite extends AllocOrder {
  note: string | null;
  placedBy: string | null;
  /** Not stored yet: written with a plain INSERT (no conflict check), its lines too. */
  isNew?: boolean;
}

export interface IdempotencyRecord {
  scope: string;
  key: string;
  requestHash: string;
  statusCode: number;
  response: unknown;
}

export interface AllocationWrite {
  items: { id: string; allocatedQty: number; waitlistedQty: number }[];
  orders: OrderWrite[];
  /** Lines that existed before and are gone now. */
  droppedLines: { orderId: string; itemId: string }[];
  nextSeq: number;
  liveOrdersDelta: number;
  amountFenDelta: number;
}

export type NewItem = Omit<ItemRecord, 'buyId' | 'allocatedQty' | 'waitlistedQty'>;

export type BuyFields = Pick<
  BuyRecord,
  | 'title'
  | 'description'
  | 'supplierName'
  | 'supplierContact'
  | 'deadline'
  | 'deliveryDate'
  | 'pickupMode'
  | 'minTotalQty'
  | 'minAmountFen'
  | 'leaderFeeFen'
>;

export type { StoredIds };

/** Statements that run inside one transaction holding the buy's row lock. */
export interface BuyTx {
  /**
   * Whether statements may be issued before the previous one answered: the embedded database (on its own
   * thread) queues them and runs them in order, so the order batch sends independent ones together and holds
   * the database for fewer round trips. A PostgreSQL connection takes one statement at a time.
   */
  readonly queuesStatements: boolean;
  /** Locks the buy row, then its item rows in id order (FOR UPDATE); null when it does not exist. */
  lockBuy(buyId: string): Promise<BuyWithItems | null>;
  /**
   * The standing of each of these users in the buy's compound, by user id (non-members are absent), and the
   * live orders in this buy of the households they claimed (read in the same statement: most order writes
   * are a resident's own, and the batch then needs no other read before it allocates).
   */
  callers(
    buyId: string,
    userIds: readonly string[],
  ): Promise<{ members: Map<string, MemberContext>; liveOrders: LoadedOrder[] }>;
  findHouseholds(householdIds: readonly string[]): Promise<HouseholdRecord[]>;
  liveOrdersOfHouseholds(buyId: string, householdIds: readonly string[]): Promise<LoadedOrder[]>;
  /** Every live order with waiting quantity on one of the items. */
  waitingOrders(buyId: string, itemIds: readonly string[]): Promise<LoadedOrder[]>;
  /**
   * The first live orders waiting for each item, by seq, until their waiting quantity for it reaches the
   * want's `qty` (all of them for Infinity), and per item the seq through which every waiter was read
   * (Infinity when all were).
   */
  waitingPrefix(
    buyId: string,
    wants: readonly WaitlistWant[],
  ): Promise<{ orders: LoadedOrder[]; through: Map<string, number> }>;
  /**
   * Per ask, the quantity of its item waiting on the live orders before its seq, as stored before this batch
   * (queue-place.ts): the place of an order the batch edited and left waiting.
   */
  waitingBefore(buyId: string, asks: readonly WaitAsk[]): Promise<number[]>;
  findIdempotency(keys: readonly { scope: string; key: string }[]): Promise<IdempotencyRecord[]>;
  saveIdempotency(records: readonly IdempotencyRecord[]): Promise<void>;
  saveAllocation(buyId: string, write: AllocationWrite): Promise<void>;
  /**
   * Stores the batch's events with its writes, in the same commit, and sets `stored.ids` (one per event) once
   * they are committed. Until the thirty-second session they were stored after the commit, as they were sent:
   * a crash in between kept the orders and lost their 接龙 lines from every page's replay. Where the writes
   * are only recorded and run later (an optimistic batch), it does nothing, and the events are stored as
   * they are sent, as before.
   */
  storeEvents(events: readonly DomainEvent[], stored: StoredIds): Promise<void>;
  setStatus(
    buyId: string,
    status: BuyStatus,
    at: Date,
    extra?: { cancelReason?: string; publishedAt?: Date; closedAt?: Date },
  ): Promise<void>;
  /** Cancels every live order (a failed or cancelled buy); returns their ids. */
  releaseOrders(buyId: string, reason: string, at: Date): Promise<string[]>;
  updateFields(buyId: string, fields: Partial<BuyFields>, at: Date): Promise<void>;
  replaceItems(buyId: string, items: readonly NewItem[]): Promise<void>;
  updateItems(items: readonly ItemRecord[]): Promise<void>;
  insertItems(buyId: string, items: readonly NewItem[]): Promise<void>;
  /** Recomputes amount_fen of the buy's live orders and the buy's total (after a price or fee change). */
  recomputeAmounts(buyId: string): Promise<string[]>;
  /**
   * Open buys whose deadline has passed, locked, skipping buys another instance is busy with. Not those of a
   * pool (联合团购): they close together, with their pool (lockDuePools).
   */
  lockDueBuys(now: Date, limit: number): Promise<string[]>;
  /** The pool the buy is part of (its id), if any. */
  poolOf(buyId: string): Promise<string | null>;
  /**
   * Pools whose deadline has passed and that are not closed yet, locked (skipping those another instance is
   * busy with), with their minimum and their member buys' ids in id order.
   */
  lockDuePools(now: Date, limit: number): Promise<DuePool[]>;
  /** Records how a pool closed. */
  finishPool(poolId: string, outcome: 'closed' | 'failed', at: Date): Promise<void>;
  /**
   * Records that these compounds of the pool (by their buys) are told it reached its minimum, but not one told
   * before, nor one whose buy is no longer open, nor any once the pool has closed: the buys this call marked (the
   * rows' locks make it once per compound, whatever the instances).
   */
  markPoolMet(poolId: string, buyIds: readonly string[], at: Date): Promise<Set<string>>;
  /** Appends events to the locked buy's audit chain (src/core/audit), in one statement. */
  appendAudit(buyId: string, drafts: readonly AuditDraft[]): Promise<void>;
}

/** A pool (联合团购) due to close: its minimum is counted over all its member buys. */
export interface DuePool {
  id: string;
  minTotalQty: number | null;
  minAmountFen: number | null;
  buyIds: string[];
}

export interface OrderListRow {
  id: string;
  buyId: string;
  seq: number;
  householdId: string;
  householdLabel: string;
  status: AllocOrder['status'];
  amountFen: number;
  note: string | null;
  lines: AllocOrder['lines'];
}

export interface MyOrderRow extends OrderListRow {
  buyTitle: string;
  buyStatus: BuyStatus;
  communityId: string;
  deadline: Date;
  /** A waiting order's place in the queue of an open buy (queue-place.ts); absent otherwise. */
  place?: QueuePlace;
}

/** The buy changed between an optimistic batch's reads and its write (see BuysRepo.optimisticBatch). */
export class StaleBuyError extends Error {
  constructor(buyId: string) {
    super(`buy ${buyId} changed while its order batch was being worked out`);
    this.name = 'StaleBuyError';
  }
}

/**
 * A journal row this version cannot read: written by a later version, while a deploy runs both. Nothing is
 * written; the later version's instances expand it (a second after their batches on the buy stop, or before
 * their next read; docs/operations.md, "Deploys"). Reads here answer 503 meanwhile.
 */
export class JournalFormatError extends AppError {
  constructor() {
    super(
      'unavailable',
      'The server is being upgraded and cannot read the latest orders yet; try again in a moment',
      { code: 'upgrade_in_progress' },
    );
  }
}

/**
 * A buy's journal rows the database refuses to expand (a bug wrote rows the transaction path would not: a
 * constraint breaks). They stay in the journal and nothing is lost; this buy's reads and writes answer 503
 * until an instance with a fix expands them, and every other buy goes on (docs/order-book.md, "A journal that
 * cannot be expanded"). `reason` is the database's error, for the log.
 */
export class JournalStuckError extends AppError {
  readonly buyId: string;
  readonly reason: unknown;
  constructor(buyId: string, reason: unknown) {
    super(
      'unavailable',
      "This buy's latest orders cannot be read just now. Every order already answered is kept; try again later",
      { code: 'orders_unavailable', details: { buyId } },
    );
    this.buyId = buyId;
    this.reason = reason;
  }
}

/**
 * Whose journal a read needs expanded first: one buy's (a route under /api/buys/{buyId}, or one of a row of
 * one buy: a payment, a refund, a delivery report), a compound's (one under /api/communities/{communityId}, or
 * one of a household or a building), or every buy's (null: a job, the start).
 */
export type JournalScope =
  | { buyId: string }
  | { communityId: string }
  | { buyOf: 'payments' | 'refunds' | 'delivery_reports'; id: string }
  | { communityOf: 'households' | 'buildings'; id: string }
  | null;

export interface OrderJournalPort {
  batch<T>(buyId: string, fn: (tx: BuyTx) => Promise<T>): Promise<T>;
  /** Whether lockedBatch can run here (PostgreSQL: reads beside the transaction that holds the lock). */
  readonly canLock: boolean;
  /** The batch under the buy's row lock, its book caught up first: it cannot go stale. */
  lockedBatch<T>(buyId: string, fn: (tx: BuyTx) => Promise<T>): Promise<T>;
  /**
   * Expands the journals of the buys in `scope` (every buy's by default) into rows: before reads of orders, at
   * start. Each buy's in its own transaction: one whose rows cannot be expanded does not keep the others from
   * it. Throws the first failure (JournalStuckError, JournalFormatError, the database unavailable) after
   * trying them all.
   */
  expandAll(scope?: JournalScope): Promise<number>;
  /** While the server runs: expands a buy's journal once its batches stop coming (failures to `onError`). */
  start(onError: (err: unknown) => void): void;
  stop(): Promise<void>;
  /** Drops a buy's book from memory (the next batch loads it again; reads go to the rows meanwhile). */
  forget(buyId: string): void;
  /** The buys whose book is held in memory (dropped after a quiet while). */
  readonly books: number;
  /** Books loaded whole so far (one that catches up from the journal rows is not). */
  readonly loads: number;
}

export interface BuysRepo {
  transaction<T>(fn: (tx: BuyTx) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` with reads that hold nothing (the buy is read without its lock) and writes that are only
   * recorded, then performs the recorded writes in one short transaction that first locks the buy and checks
   * its version is still the one read: the database is not held while the caller works out the batch. Throws
   * StaleBuyError, having written nothing, when the buy changed in between (the caller then runs the batch
   * again under the lock, with `transaction`). Only the statements an order batch uses are available.
   */
  optimisticBatch<T>(buyId: string, fn: (tx: BuyTx) => Promise<T>): Promise<T>;
  /**
   * Whether order batches should be worked out optimistically (optimisticBatch) rather than under the buy's
   * lock: true for the embedded database, where a transaction holds the whole database while the server's
   * thread works between its statements. PostgreSQL keeps serving other connections meanwhile, so there the
   * lock is cheaper than the extra check (and, with several instances on one buy, than retries).
   */
  readonly optimistic: boolean;
  /**
   * The memory-first order path (LINLI_ORDER_PATH=journal, docs/order-book.md), or null: `batch` runs an order
   * batch against the buy's book in memory and commits it as one journal row; it throws StaleBuyError, having
   * written nothing, when the buy changed since the book was read.
   */
  readonly journal: OrderJournalPort | null;
  /**
   * Expands whatever the order journal holds, whether or not this process writes it (a start after a crash,
   * or after LINLI_ORDER_PATH=journal was turned off); returns the journal rows expanded.
   */
  expandJournal(scope?: JournalScope): Promise<number>;
  insertBuy(buy: BuyRecord, items: readonly NewItem[]): Promise<void>;
  findBuy(buyId: string): Promise<BuyWithItems | null>;
  /**
   * The buy with its items as `findBuy` reads it, to show (GET /api/buys/{id}): the same object again while the
   * buy's row is the same (one small statement checks its version and the row's transaction id; every write of
   * its items moves its version, in the same transaction). What is read only for writing (the audit chain's
   * head) may be older: never write from it.
   */
  findBuyToShow(buyId: string): Promise<{ buy: BuyWithItems; standingVersion: number } | null>;
  /** The buy's compound, status and version only (cheap; used before joining the order queue). */
  findBuyHeader(buyId: string): Promise<BuyHeader | null>;
  listBuys(communityId: string, statuses: readonly BuyStatus[] | null): Promise<BuyWithItems[]>;
  /**
   * The caller's standing in the compound, or null. `standingVersion`: the compound's standing version as a
   * statement sent after the caller's request began read it (a header's, BuyHeader); the standing held at that
   * version is then the answer, with no statement of its own.
   */
  memberContext(communityId: string, userId: string, standingVersion?: number): Promise<MemberContext | null>;
  findHousehold(householdId: string): Promise<HouseholdRecord | null>;
  listOrders(
    buyId: string,
    options: { afterSeq: number; limit: number; liveOnly: boolean },
  ): Promise<OrderListRow[]>;
  /**
   * A page of the buy's live orders as the public 接龙 list needs them (seq, status, household label, each
   * line's item and quantity), in seq order, and the version they are of. `buy` is the buy as the caller has
   * just read it (findBuyToShow): its version and items. `read` reads them: from this process's book of the
   * buy when it holds every batch committed up to that version (during a rush: no journal to expand under the
   * buy's lock, no SQL), otherwise from the rows, the buy's journal expanded first. The same for every caller
   * at one version, so a caller that has the answer at `version` need not call `read` at all (nor expand
   * anything).
   */
  publicEntries(
    buy: Pick<BuyWithItems, 'id' | 'version' | 'items'>,
    page: { afterSeq: number; limit: number },
  ): Promise<{ version: number; items: readonly ItemRecord[]; read: () => Promise<EntryRow[]> }>;
  /**
   * The household's orders in the compound's buys (cancelled ones too), newest deadline first: from this
   * process's book of a buy when it holds every batch committed up to the buy's version as read now (that
   * buy's journal left as it is), otherwise from the rows, the buy's journal expanded first.
   */
  ordersOfHousehold(household: { id: string; label: string }, communityId: string): Promise<MyOrderRow[]>;
  /**
   * The household's live order in the buy (one per household and buy), or null: from this process's book of the
   * buy when it holds every batch committed up to `buy.version` (the buy's header as the caller has just read
   * it; no journal expanded, no order read from the database), otherwise from the rows, the buy's journal
   * expanded first. With its place in the queue: what waits ahead of each of its waiting lines
   * (queue-place.ts), read with it.
   */
  liveOrderOf(
    buy: Pick<BuyHeader, 'id' | 'version'>,
    householdId: string,
  ): Promise<{ order: LoadedOrder; place: QueuePlace } | null>;
}

export interface EntryRow {
  seq: number;
  status: OrderStatus;
  householdLabel: string;
  lines: { itemId: string; qty: number; waitlistedQty: number }[];
}

export interface BuysDeps {
  repo: BuysRepo;
  clock: Clock;
  ids: IdGenerator;
  events: EventPublisher;
  /** Told when an optimistic order batch found its buy changed and ran again under the lock (metrics). */
  onStaleBatch?: () => void;
}
