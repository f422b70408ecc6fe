/** In-memory money repository and buys lookups for the money use-cases' unit tests. */
import type { AuditDraft } from '../../audit/model.ts';
import type { BuyStatus } from '../../buys/buy.ts';
import type { MemberContext } from '../../buys/ports.ts';
import type { DomainEvent } from '../../shared/events.ts';
import type { FileStore } from '../../shared/ports.ts';
import { isBalanced, type Entry, type OrderCharge } from '../ledger-fns.ts';
import type { PaymentRecord, RefundRecord, SupplierBillRecord } from '../model.ts';
import type { MoneyBuy, MoneyDeps, MoneyItem, MoneyRepo, MoneyTx } from '../ports.ts';
import { memberContext } from '../../buys/testing/member-context.ts';

export interface FakeWorld {
  buy: MoneyBuy & { items: MoneyItem[] };
  members: Map<string, MemberContext>;
  orders: OrderCharge[];
  adjustments: { householdId: string; amountFenDelta: number }[];
  entries: Entry[];
  payments: PaymentRecord[];
  refunds: RefundRecord[];
  bills: SupplierBillRecord[];
  audit: AuditDraft[];
  events: DomainEvent[];
  files: Map<string, { bytes: Buffer; contentType: string }>;
  qr: string | null;
}

export const member = (userId: string, over: Partial<MemberContext> = {}) =>
  memberContext({ memberId: `m-${userId}`, ...over });

export const household = (id: string) => ({ id, label: id.toUpperCase(), buildingId: 'b1', verified: true });

/** A closed buy of the leader "leader" with a ¥1.50 fee; add orders and members in the test. */
export function fakeWorld(status: BuyStatus = 'closed'): FakeWorld {
  return {
    buy: {
      id: 'buy1',
      communityId: 'c1',
      title: '鸡蛋',
      status,
      createdBy: 'm-leader',
      leaderFeeFen: 150,
      items: [{ id: 'item1', name: '鸡蛋', spec: null, unit: '盒', priceFen: 2500, allocatedQty: 10 }],
    },
    members: new Map([['leader', member('leader', { isLeader: true })]]),
    orders: [],
    adjustments: [],
    entries: [],
    payments: [],
    refunds: [],
    bills: [],
    audit: [],
    events: [],
    files: new Map(),
    qr: null,
  };
}

function tx(w: FakeWorld): MoneyTx {
  const state = () => ({ orders: [...w.orders], adjustments: [...w.adjustments], entries: [...w.entries] });
  return {
    // Stores nothing: the events are published without ids, as sent.
    storeEvents: async () => {},
    lockBuy: async (id) => (id === w.buy.id ? { ...w.buy } : null),
    chargeState: async () => state(),
    async post(_buyId, txns) {
      for (const t of txns) {
        if (!isBalanced(t)) throw new Error('unbalanced');
        for (const l of t.legs) w.entries.push({ ...l, kind: t.kind });
      }
    },
    findPayment: async (id) => {
      const p = w.payments.find((x) => x.id === id);
      return p ? { ...p } : null;
    },
    insertPayment: async (p) => void w.payments.push({ ...p }),
    updatePayment: async (id, fields) => {
      Object.assign(
        w.payments.find((x) => x.id === id)!,
        fields,
      );
    },
    pendingPayment: async (_b, h) =>
      w.payments.find((p) => p.householdId === h && p.status === 'pending') ?? null,
    findRefund: async (id) => {
      const r = w.refunds.find((x) => x.id === id);
      return r ? { ...r } : null;
    },
    insertRefund: async (r) => void w.refunds.push({ ...r }),
    acknowledgeRefund: async (id, at) => {
      Object.assign(
        w.refunds.find((x) => x.id === id)!,
        { status: 'acknowledged', acknowledgedAt: at },
      );
    },
    insertSupplierBill: async (b) => void w.bills.push({ ...b }),
    setQr: async (_b, key) => {
      const old = w.qr;
      w.qr = key;
      return old;
    },
    appendAudit: async (_b, drafts) => void w.audit.push(...drafts),
  };
}

function repo(w: FakeWorld): MoneyRepo {
  const t = tx(w);
  return {
    transaction: async (fn) => {
      // All or nothing, like the database: a throw leaves the world as it was.
      const snapshot = structuredClone({ ...w, files: undefined, members: undefined });
      try {
        return await fn(t);
      } catch (err) {
        Object.assign(w, { ...snapshot, files: w.files, members: w.members });
        throw err;
      }
    },
    findBuy: async (id) => (id === w.buy.id ? structuredClone(w.buy) : null),
    chargeState: (id) => t.chargeState(id),
    findPayment: (id) => t.findPayment(id),
    findRefund: (id) => t.findRefund(id),
    payments: async (_b, h) => w.payments.filter((p) => !h || p.householdId === h),
    refunds: async (_b, h) => w.refunds.filter((r) => !h || r.householdId === h),
    supplierBills: async () => [...w.bills],
    paymentQr: async () => (w.qr ? { fileKey: w.qr, own: true } : null),
    labels: async () =>
      [...new Set(w.orders.map((o) => o.householdId))].map((id) => ({
        id,
        label: id.toUpperCase(),
        isProxy: false,
        buildingId: 'b1',
      })),
    orderOf: async (_b, h) => w.orders.find((o) => o.householdId === h) ?? null,
    // The fake world holds one buy.
    // Households named "p…" are proxy households of building b1; the others have members of their own.
    householdRef: async (h) =>
      w.orders.some((o) => o.householdId === h)
        ? {
            id: h,
            communityId: w.buy.communityId,
            label: h.toUpperCase(),
            buildingId: 'b1',
            isProxy: h.startsWith('p'),
          }
        : null,
    householdBooks: async (_c, h) => ({
      entries: w.entries.filter((e) => e.householdId === h).map((e) => ({ ...e, buyId: w.buy.id })),
      pending: w.payments
        .filter((p) => p.householdId === h && p.status === 'pending')
        .map((p) => ({ buyId: w.buy.id, amountFen: p.amountFen })),
    }),
  };
}

const files = (w: FakeWorld): FileStore => ({
  async put(bytes, contentType) {
    const key = `k${w.files.size}.png`;
    w.files.set(key, { bytes: Buffer.from(bytes), contentType });
    return { key, contentType, size: bytes.length };
  },
  get: async (key) => w.files.get(key) ?? null,
});

/** Deps over the world; the actor's userId picks their MemberContext from w.members. */
export function fakeDeps(w: FakeWorld): MoneyDeps {
  let n = 0;
  return {
    repo: repo(w),
    buys: {
      findBuyHeader: async (id) =>
        id === w.buy.id
          ? {
              id: w.buy.id,
              communityId: w.buy.communityId,
              status: w.buy.status,
              createdBy: w.buy.createdBy,
              version: 1,
              standingVersion: 0,
            }
          : null,
      memberContext: async (_c, userId) => w.members.get(userId) ?? null,
    },
    files: files(w),
    clock: { now: () => new Date('2026-12-01T04:00:00Z') },
    ids: { id: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}` },
    events: { publish: (events) => void w.events.push(...events) },
  };
}

export const actor = (userId: string) => ({ userId, displayName: userId, via: 'token' as const });
