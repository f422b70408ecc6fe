/** In-memory distribution storage and a small compound, for use-case tests. Mirrors distribution-repo.ts. */
import type { OrderAdjustment } from '../../buys/adjustments.ts';
import type { BuyStatus } from '../../buys/buy.ts';
import type { MemberContext } from '../../buys/ports.ts';
import type { ReportData } from '../../buys/summary-fns.ts';
import type { DomainEvent } from '../../shared/events.ts';
import type { StoredFile } from '../../shared/ports.ts';
import type {
  ArrivalRecord,
  DeliveryPlan,
  DeliveryPost,
  DeliveryReport,
  DistributionSettings,
  PackageRecord,
} from '../model.ts';
import type { DistributionDeps, DistributionRepo, DistributionTx } from '../ports.ts';
import { memberContext } from '../../buys/testing/member-context.ts';
import type { AuditDraft } from '../../audit/model.ts';

interface FakeOrder {
  orderId: string;
  seq: number;
  householdId: string;
  label: string;
  buildingId: string;
  lines: { itemId: string; qty: number; allocatedQty: number }[];
}

export interface FakeWorld {
  buy: { id: string; communityId: string; status: BuyStatus; createdBy: string; title: string };
  items: { itemId: string; name: string; priceFen: number }[];
  orders: FakeOrder[];
  members: Map<string, MemberContext>;
  arrivals: ArrivalRecord[];
  adjustments: OrderAdjustment[];
  packages: PackageRecord[];
  reports: DeliveryReport[];
  plans: Map<string, DeliveryPlan>;
  posts: DeliveryPost[];
  settings: Map<string, DistributionSettings>;
  events: DomainEvent[];
  audit: AuditDraft[];
  /** Households of the orders registered as proxy households (nobody of them uses the app). */
  proxies: Set<string>;
}

function createRepo(w: FakeWorld): DistributionRepo {
  const tx: DistributionTx = {
    // Stores nothing: the events are published without ids, as sent.
    storeEvents: async () => {},
    lockBuy: async (id) => (id === w.buy.id ? { ...w.buy } : null),
    arrivalInputs: async () => ({
      items: w.items,
      orders: w.orders.map((o) => ({
        orderId: o.orderId,
        seq: o.seq,
        householdId: o.householdId,
        householdLabel: o.label,
        buildingId: o.buildingId,
        lines: o.lines
          .filter((l) => l.allocatedQty > 0)
          .map((l) => ({ itemId: l.itemId, allocatedQty: l.allocatedQty })),
      })),
    }),
    hasArrival: async (buyId) => w.arrivals.some((a) => a.buyId === buyId),
    insertArrival: async (a) => void w.arrivals.push(a),
    insertAdjustments: async (rows, at) =>
      void w.adjustments.push(...rows.map((r) => ({ ...r, createdAt: at.toISOString() }))),
    insertPackages: async (rows, at) => {
      for (const r of rows) {
        if (w.packages.some((p) => p.buyId === r.buyId && p.code === r.code))
          throw new Error('duplicate code');
        const o = w.orders.find((x) => x.orderId === r.orderId)!;
        w.packages.push({
          ...r,
          householdLabel: o.label,
          isProxy: false,
          status: 'sorted',
          deliveredAt: null,
          deliveredBy: null,
          deliveredByName: null,
          confirmedAt: null,
          createdAt: at,
        });
      }
    },
    setBuyArrived: async () => {
      w.buy.status = 'arrived';
    },
    adjustmentsOf: async (orderId) => w.adjustments.filter((a) => a.orderId === orderId),
    lockReport: async (id) => w.reports.find((r) => r.id === id) ?? null,
    resolveReport: async (id, status, reason, _m, at) => {
      const r = w.reports.find((x) => x.id === id)!;
      Object.assign(r, { status, resolutionReason: reason, resolvedAt: at });
    },
    insertPost: async (p) => void w.posts.push(p),
    async markDelivered(id, status, memberId, at) {
      const p = w.packages.find((x) => x.id === id);
      if (!p || p.status !== 'sorted') return null;
      Object.assign(p, { status, deliveredBy: memberId, deliveredAt: at });
      return { ...p };
    },
    async unmarkDelivered(id) {
      const p = w.packages.find((x) => x.id === id);
      if (!p || p.status === 'sorted' || p.confirmedAt) return null;
      Object.assign(p, { status: 'sorted', deliveredBy: null, deliveredByName: null, deliveredAt: null });
      return { ...p };
    },
    async confirmDelivered(id, _memberId, at) {
      const p = w.packages.find((x) => x.id === id);
      if (!p || p.status === 'sorted' || p.confirmedAt) return false;
      p.confirmedAt = at;
      return true;
    },
    async appendAudit(_buyId, drafts) {
      w.audit.push(...drafts);
    },
  };
  return {
    // Like the database: a failure inside leaves nothing behind.
    async transaction(fn) {
      const snapshot = structuredClone({ a: w.arrivals, j: w.adjustments, p: w.packages, s: w.buy.status });
      try {
        return await fn(tx);
      } catch (err) {
        Object.assign(w, { arrivals: snapshot.a, adjustments: snapshot.j, packages: snapshot.p });
        w.buy.status = snapshot.s;
        throw err;
      }
    },
    settings: async (communityId) =>
      w.settings.get(communityId) ?? {
        communityId,
        quietStart: '22:00',
        quietEnd: '07:00',
        timeZone: 'Asia/Shanghai',
        staleHours: 6,
      },
    saveSettings: async (s) => void w.settings.set(s.communityId, s),
    findPlan: async (buyId) => w.plans.get(buyId) ?? null,
    savePlan: async (p) => void w.plans.set(p.buyId, p),
    listPosts: async (buyId) => w.posts.filter((p) => p.buyId === buyId),
    findArrival: async (buyId) => w.arrivals.find((a) => a.buyId === buyId) ?? null,
    listPackages: async (buyId, buildings) =>
      w.packages.filter((p) => p.buyId === buyId && (buildings === null || buildings.includes(p.buildingId))),
    findPackage: async (buyId, id) => {
      const p = w.packages.find((x) => x.buyId === buyId && x.id === id);
      return p ? { ...p } : null;
    },
    findPackageByCode: async (buyId, code) =>
      w.packages.find((p) => p.buyId === buyId && p.code === code) ?? null,
    codeInOtherBuy: async (_c, buyId, code) => w.packages.some((p) => p.buyId !== buyId && p.code === code),
    packageOfHousehold: async (buyId, h) =>
      w.packages.find((p) => p.buyId === buyId && p.householdId === h) ?? null,
    householdRef: async (id) => {
      const o = w.orders.find((x) => x.householdId === id);
      return o
        ? {
            id,
            communityId: w.buy.communityId,
            label: o.label,
            buildingId: o.buildingId,
            isProxy: w.proxies.has(id),
          }
        : null;
    },
    // The fake world's buys are picked up downstairs, the default 取货方式.
    pickupModeOf: async () => 'building',
    async confirmPackage(id, _m, at) {
      const p = w.packages.find((x) => x.id === id)!;
      if (p.confirmedAt) return false;
      p.confirmedAt = at;
      return true;
    },
    insertReport: async (r) => void w.reports.push({ ...r }),
    setReportPhoto: async (id, key) => {
      w.reports.find((r) => r.id === id)!.photoKey = key;
    },
    findReport: async (id) => w.reports.find((r) => r.id === id) ?? null,
    listReports: async (buyId, f) =>
      w.reports.filter(
        (r) =>
          r.buyId === buyId &&
          (!f.householdId || r.householdId === f.householdId) &&
          (!f.buildingIds || f.buildingIds.includes(r.buildingId)),
      ),
    adjustments: async (buyId, orderIds) =>
      w.adjustments.filter((a) => a.buyId === buyId && (orderIds === null || orderIds.includes(a.orderId))),
    async householdOrder(_buyId, householdId) {
      const o = w.orders.find((x) => x.householdId === householdId);
      if (!o) return null;
      return {
        orderId: o.orderId,
        seq: o.seq,
        lines: o.lines.map((l) => {
          const item = w.items.find((i) => i.itemId === l.itemId)!;
          return {
            itemId: l.itemId,
            name: item.name,
            unit: null,
            priceFen: item.priceFen,
            qty: l.qty,
            allocatedQty: l.allocatedQty,
          };
        }),
      };
    },
  };
}

const member = (id: string, over: Partial<MemberContext>) => memberContext({ memberId: id, ...over });

/**
 * A confirmed buy of eggs (2500) and milk (600) in compound c1: 1-101 (2 eggs, seq 1), 1-102 (2 eggs and a
 * milk, seq 2), 2-101 (3 eggs, seq 3). Users: leader, vol1 (building b1), vol2 (b2), and each household's
 * resident (user = the label).
 */
export function fakeDistribution(): { deps: DistributionDeps; world: FakeWorld } {
  const order = (n: number, label: string, b: string, lines: FakeOrder['lines']): FakeOrder => ({
    orderId: `o${n}`,
    seq: n,
    householdId: `h-${label}`,
    label,
    buildingId: b,
    lines,
  });
  const w: FakeWorld = {
    buy: { id: 'buy1', communityId: 'c1', status: 'confirmed', createdBy: 'leader', title: '鸡蛋' },
    items: [
      { itemId: 'egg', name: '鸡蛋', priceFen: 2500 },
      { itemId: 'milk', name: '牛奶', priceFen: 600 },
    ],
    orders: [
      order(1, '1-101', 'b1', [{ itemId: 'egg', qty: 2, allocatedQty: 2 }]),
      order(2, '1-102', 'b1', [
        { itemId: 'egg', qty: 2, allocatedQty: 2 },
        { itemId: 'milk', qty: 1, allocatedQty: 1 },
      ]),
      order(3, '2-101', 'b2', [{ itemId: 'egg', qty: 3, allocatedQty: 3 }]),
    ],
    members: new Map([
      ['leader', member('leader', { isLeader: true })],
      ['vol1', member('vol1', { volunteerBuildingIds: ['b1'] })],
      ['vol2', member('vol2', { volunteerBuildingIds: ['b2'] })],
    ]),
    arrivals: [],
    adjustments: [],
    packages: [],
    reports: [],
    plans: new Map(),
    posts: [],
    settings: new Map(),
    events: [],
    audit: [],
    proxies: new Set(),
  };
  for (const o of w.orders)
    w.members.set(
      o.label,
      member(`m-${o.label}`, {
        household: { id: o.householdId, label: o.label, buildingId: o.buildingId, verified: true },
      }),
    );
  let n = 0;
  let seed = 7;
  const files = new Map<string, { bytes: Buffer; contentType: string }>();
  const reportData = (): ReportData => ({
    buy: {
      id: w.buy.id,
      communityId: 'c1',
      communityName: '小区',
      communityAddress: null,
      title: w.buy.title,
      status: w.buy.status,
      supplierName: null,
      supplierContact: null,
      deliveryDate: null,
      pickupMode: 'building',
      leaderFeeFen: 0,
      createdBy: 'leader',
    },
    items: w.items.map((i) => ({ id: i.itemId, name: i.name, spec: null, unit: null, priceFen: i.priceFen })),
    buildings: [
      { id: 'b1', name: '1', sortKey: 1 },
      { id: 'b2', name: '2', sortKey: 2 },
    ],
    orders: w.orders.map((o) => ({
      orderId: o.orderId,
      seq: o.seq,
      householdId: o.householdId,
      householdLabel: o.label,
      buildingId: o.buildingId,
      status: 'active',
      placedByVolunteer: false,
      isProxy: false,
      proxyContact: null,
      lines: o.lines.map((l) => ({ ...l, waitlistedQty: 0 })),
    })),
  });
  const deps: DistributionDeps = {
    // Nobody is on the register of households in need here (src/http/distribution/packages.int.test.ts has some).
    needs: { needsOf: async () => new Map() },
    buys: {
      findBuyHeader: async (id) => (id === w.buy.id ? { ...w.buy, version: 1, standingVersion: 0 } : null),
      memberContext: async (_c, userId) => w.members.get(userId) ?? null,
    },
    reports: {
      loadReport: async (buyId, buildings) => {
        if (buyId !== w.buy.id) return null;
        const data = reportData();
        return {
          ...data,
          orders: data.orders.filter((o) => buildings === null || buildings.includes(o.buildingId)),
        };
      },
    },
    repo: createRepo(w),
    files: {
      async put(bytes, contentType): Promise<StoredFile> {
        const key = `${files.size}.png`;
        files.set(key, { bytes: Buffer.from(bytes), contentType });
        return { key, contentType, size: bytes.length };
      },
      get: async (key) => files.get(key) ?? null,
    },
    clock: { now: () => new Date('2026-12-01T03:00:00Z') },
    ids: { id: () => `id${++n}` },
    events: { publish: (events) => void w.events.push(...events) },
    // A deterministic generator that repeats itself early: collisions must be retried.
    randomInt: (k) => {
      seed = (seed * 31 + 11) % 97;
      return seed % k;
    },
    publicUrl: 'http://linli.test',
  };
  return { deps, world: w };
}

export const actor = (userId: string) => ({ userId, displayName: userId, via: 'token' as const });
