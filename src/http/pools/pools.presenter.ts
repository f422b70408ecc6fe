/** 联合团购's JSON, field by field: a gate's contact and the code only as the core let them through. */
import type { PoolSummary, PoolView } from '../../core/pools/pool-fns.ts';
import type { PoolPreview } from '../../core/pools/pools.ts';

export const presentPool = (p: PoolView) => ({
  id: p.id,
  code: p.code,
  isHost: p.isHost,
  hostCommunityName: p.hostCommunityName,
  deadline: p.deadline.toISOString(),
  minTotalQty: p.minTotalQty,
  minAmountFen: p.minAmountFen,
  totals: { qty: p.totals.qty, amountFen: p.totals.amountFen },
  met: p.met,
  closedAt: p.closedAt === null ? null : p.closedAt.toISOString(),
  outcome: p.outcome,
  gates: p.gates.map((g) => ({
    communityName: g.communityName,
    gate: g.gate,
    status: g.status,
    qty: g.qty,
    amountFen: g.amountFen,
    host: g.host,
    mine: g.mine,
    contact: g.contact,
  })),
  items: p.items.map((i) => ({
    name: i.name,
    spec: i.spec,
    unit: i.unit,
    qty: i.qty,
    byGate: [...i.byGate],
  })),
  canManage: p.canManage,
});

export const presentPreview = (p: PoolPreview) => ({
  id: p.id,
  code: p.code,
  hostCommunityName: p.hostCommunityName,
  title: p.title,
  supplierName: p.supplierName,
  deadline: p.deadline.toISOString(),
  minTotalQty: p.minTotalQty,
  minAmountFen: p.minAmountFen,
  totals: { qty: p.totals.qty, amountFen: p.totals.amountFen },
  met: p.met,
  gates: p.gates,
  items: p.items.map((i) => ({
    name: i.name,
    spec: i.spec,
    unit: i.unit,
    priceFen: i.priceFen,
    perHouseholdMax: i.perHouseholdMax,
    packSize: i.packSize,
  })),
  open: p.open,
  communities: p.communities.map((c) => ({ id: c.id, name: c.name, joined: c.joined })),
});

/** A pooled buy's line on the 团购 list (`pool` of each buy of GET /api/communities/{id}/buys). */
export const presentPoolSummary = (p: PoolSummary) => ({
  compounds: p.compounds,
  minTotalQty: p.minTotalQty,
  minAmountFen: p.minAmountFen,
  totals: { qty: p.totals.qty, amountFen: p.totals.amountFen },
  met: p.met,
});
