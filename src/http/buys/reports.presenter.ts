/**
 * What the report routes send. Fields are picked one by one: a proxy household's contact appears only when
 * the use-case left it in (admins and that building's volunteers); nobody else's name or phone is loaded.
 */
import type { PackingList, ProxyContact, ReportHeader } from '../../core/buys/summary-fns.ts';
import type { SummaryPage } from '../../core/buys/summary.ts';

const presentHeader = (b: ReportHeader) => ({
  id: b.id,
  communityId: b.communityId,
  title: b.title,
  status: b.status,
  supplierName: b.supplierName,
  supplierContact: b.supplierContact,
  deliveryDate: b.deliveryDate,
  pickupMode: b.pickupMode,
  leaderFeeFen: b.leaderFeeFen,
  community: { name: b.communityName, address: b.communityAddress },
});

const presentContact = (c: ProxyContact | null) => (c ? { name: c.name, phone: c.phone } : null);

export const presentSummary = (s: SummaryPage) => ({
  buy: presentHeader(s.buy),
  items: s.items.map((i) => ({
    itemId: i.itemId,
    name: i.name,
    spec: i.spec,
    unit: i.unit,
    priceFen: i.priceFen,
    orderedQty: i.orderedQty,
    allocatedQty: i.allocatedQty,
    waitlistedQty: i.waitlistedQty,
    amountFen: i.amountFen,
  })),
  buildings: s.buildings.map((b) => ({
    buildingId: b.buildingId,
    name: b.name,
    households: b.households,
    items: b.items.map((i) => ({ itemId: i.itemId, allocatedQty: i.allocatedQty })),
    goodsFen: b.goodsFen,
    amountFen: b.amountFen,
  })),
  households: s.households.map((h) => ({
    orderId: h.orderId,
    seq: h.seq,
    householdId: h.householdId,
    label: h.label,
    buildingId: h.buildingId,
    buildingName: h.buildingName,
    status: h.status,
    placedByVolunteer: h.placedByVolunteer,
    isProxy: h.isProxy,
    proxyContact: presentContact(h.proxyContact),
    lines: h.lines.map((l) => ({
      itemId: l.itemId,
      qty: l.qty,
      allocatedQty: l.allocatedQty,
      waitlistedQty: l.waitlistedQty,
      amountFen: l.amountFen,
    })),
    amountFen: h.amountFen,
  })),
  householdsFound: s.householdsFound,
  householdCounts: {
    all: s.householdCounts.all,
    waiting: s.householdCounts.waiting,
    proxy: s.householdCounts.proxy,
  },
  totals: { ...s.totals },
});

export const presentPacking = (p: PackingList) => ({
  buy: presentHeader(p.buy),
  items: p.items.map((i) => ({
    itemId: i.id,
    name: i.name,
    spec: i.spec,
    unit: i.unit,
    priceFen: i.priceFen,
  })),
  buildings: p.buildings.map((b) => ({
    buildingId: b.buildingId,
    name: b.name,
    households: b.households.map((h) => ({
      orderId: h.orderId,
      seq: h.seq,
      householdId: h.householdId,
      label: h.label,
      quantities: [...h.quantities],
      amountFen: h.amountFen,
      isProxy: h.isProxy,
      proxyContact: presentContact(h.proxyContact),
    })),
    totals: { quantities: [...b.totals.quantities], amountFen: b.totals.amountFen },
  })),
});
