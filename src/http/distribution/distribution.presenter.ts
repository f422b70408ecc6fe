/** What the distribution routes send. Fields are picked one by one (a driver's phone only where allowed). */
import QRCode from 'qrcode';
import type { ProxyContact, ReportHeader } from '../../core/buys/summary-fns.ts';
import type { Board } from '../../core/distribution/board-fns.ts';
import type { Coordination } from '../../core/distribution/coordination.ts';
import type {
  DeliveryPost,
  DeliveryReport,
  DistributionSettings,
  PackageRecord,
} from '../../core/distribution/model.ts';
import type { MyPackage } from '../../core/distribution/packages.ts';
import type { ArrivalPlan } from '../../core/distribution/shortage-fns.ts';
import { labelUrl, type SortingList } from '../../core/distribution/sorting-fns.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

const presentHeader = (b: ReportHeader) => ({
  id: b.id,
  communityId: b.communityId,
  title: b.title,
  status: b.status,
  deliveryDate: b.deliveryDate,
  pickupMode: b.pickupMode,
  community: { name: b.communityName, address: b.communityAddress },
});

const presentContact = (c: ProxyContact | null) => (c ? { name: c.name, phone: c.phone } : null);

export const presentPlan = (p: ArrivalPlan) => ({
  policy: p.policy,
  items: p.items.map((i) => ({
    itemId: i.itemId,
    name: i.name,
    priceFen: i.priceFen,
    allocatedQty: i.allocatedQty,
    receivedQty: i.receivedQty,
    shortQty: i.shortQty,
  })),
  orders: p.orders.map((o) => ({
    orderId: o.orderId,
    seq: o.seq,
    householdId: o.householdId,
    householdLabel: o.householdLabel,
    lines: o.lines.map((l) => ({
      itemId: l.itemId,
      allocatedQty: l.allocatedQty,
      newQty: l.newQty,
      qtyDelta: l.qtyDelta,
      amountFenDelta: l.amountFenDelta,
    })),
    refundFen: o.refundFen,
  })),
  refundFen: p.refundFen,
});

export const presentPost = (p: DeliveryPost) => ({
  id: p.id,
  kind: p.kind,
  message: p.message,
  urgent: p.urgent,
  createdAt: p.createdAt.toISOString(),
});

export const presentCoordination = (c: Coordination) => ({
  plan: c.plan
    ? {
        windowStart: iso(c.plan.windowStart),
        windowEnd: iso(c.plan.windowEnd),
        driverName: c.plan.driverName,
        driverPhone: c.plan.driverPhone,
        plate: c.plan.plate,
        passNotes: c.plan.passNotes,
        gate: c.plan.gate,
        updatedAt: c.plan.updatedAt.toISOString(),
      }
    : null,
  posts: c.posts.map(presentPost),
});

export const presentPackage = (p: PackageRecord) => ({
  id: p.id,
  householdId: p.householdId,
  householdLabel: p.householdLabel,
  buildingId: p.buildingId,
  isProxy: p.isProxy,
  code: p.code,
  status: p.status,
  deliveredAt: iso(p.deliveredAt),
  confirmedAt: iso(p.confirmedAt),
});

export const presentReport = (r: DeliveryReport) => ({
  id: r.id,
  packageId: r.packageId,
  householdId: r.householdId,
  householdLabel: r.householdLabel,
  buildingId: r.buildingId,
  kind: r.kind,
  note: r.note,
  lines: r.lines.map((l) => ({ itemId: l.itemId, qty: l.qty })),
  hasPhoto: r.photoKey !== null,
  status: r.status,
  resolutionReason: r.resolutionReason,
  createdAt: r.createdAt.toISOString(),
  resolvedAt: iso(r.resolvedAt),
});

export const presentSorting = (s: SortingList) => ({
  buy: presentHeader(s.buy),
  items: s.items.map((i) => ({ itemId: i.id, name: i.name, spec: i.spec, unit: i.unit })),
  buildings: s.buildings.map((b) => ({
    buildingId: b.buildingId,
    name: b.name,
    households: b.households.map((h) => ({
      orderId: h.orderId,
      householdId: h.householdId,
      label: h.label,
      quantities: [...h.quantities],
      isProxy: h.isProxy,
      proxyContact: presentContact(h.proxyContact),
      needs: [...h.needs],
      packageId: h.packageId,
      code: h.code,
      status: h.status,
      deliveredAt: h.deliveredAt,
      confirmedAt: h.confirmedAt,
    })),
    totals: { quantities: [...b.totals.quantities] },
  })),
});

/**
 * A package's QR code as an SVG data URL: the volunteer screen's link with its code (what the label prints, and
 * what 我的包裹 shows the volunteer at the pickup table; the in-app scanner reads either).
 */
async function labelQr(publicUrl: string, communityId: string, buyId: string, code: string): Promise<string> {
  const svg = await QRCode.toString(labelUrl(publicUrl, communityId, buyId, code), {
    type: 'svg',
    margin: 0,
    errorCorrectionLevel: 'M',
  });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

/** The sorting list with each package's QR code (an SVG data URL holding the volunteer screen's link). */
export async function presentLabels(s: SortingList, publicUrl: string) {
  const sorting = presentSorting(s);
  const buildings = await Promise.all(
    sorting.buildings.map(async (b) => ({
      ...b,
      households: await Promise.all(
        b.households.map(async (h) => ({
          ...h,
          qr: h.code ? await labelQr(publicUrl, s.buy.communityId, s.buy.id, h.code) : null,
        })),
      ),
    })),
  );
  return { ...sorting, buildings };
}

/**
 * GET …/packages/mine (and its confirm): with `qr`, the package's code as the label's QR code while it waits, for
 * the household to show at the pickup table (null once it is handed over, or without a package).
 */
export const presentMine = async (m: MyPackage, publicUrl: string) => ({
  buyId: m.buyId,
  household: { label: m.household.label, onBehalf: m.household.onBehalf },
  status: m.status,
  orderId: m.orderId,
  package: m.package ? presentPackage(m.package) : null,
  qr:
    m.package?.status === 'sorted' ? await labelQr(publicUrl, m.communityId, m.buyId, m.package.code) : null,
  pickupMode: m.pickupMode,
  lines: m.lines.map((l) => ({ ...l })),
  refundFen: m.refundFen,
  reports: m.reports.map(presentReport),
});

export const presentBoard = (b: Board) => ({
  arrivedAt: b.arrivedAt,
  staleHours: b.staleHours,
  buildings: b.buildings.map((x) => ({
    buildingId: x.buildingId,
    name: x.name,
    sorted: x.sorted,
    delivered: x.delivered,
    confirmed: x.confirmed,
    openReports: x.openReports,
    overdue: x.overdue.map((o) => ({ packageId: o.packageId, householdLabel: o.householdLabel })),
  })),
  totals: { ...b.totals },
});

export const presentSettings = (s: DistributionSettings) => ({
  quietStart: s.quietStart,
  quietEnd: s.quietEnd,
  timeZone: s.timeZone,
  staleHours: s.staleHours,
});
