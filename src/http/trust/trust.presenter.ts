/** 放心买's JSON, picked field by field: the leader as a label and a role, never a name. */
import type { BuyTrust } from '../../core/trust/read-trust.ts';
import type { BuysRecord } from '../../core/trust/trust-fns.ts';

const record = (r: BuysRecord) => ({
  buys: r.buys,
  completed: r.completed,
  ongoing: r.ongoing,
  failed: r.failed,
  cancelled: r.cancelled,
});

export function presentTrust(t: BuyTrust) {
  return {
    leader: {
      label: t.leader.label,
      role: t.leader.role,
      record: {
        ...record(t.leader.record),
        reports: t.leader.record.reports,
        reportsResolved: t.leader.record.reportsResolved,
      },
    },
    supplier: t.supplier
      ? {
          name: t.supplier.name,
          record: record(t.supplier.record),
          registered: t.supplier.registered
            ? {
                licenceNo: t.supplier.registered.licenceNo,
                baogong: t.supplier.registered.baogong,
                verifiedAt: t.supplier.registered.verifiedAt?.toISOString() ?? null,
              }
            : null,
        }
      : null,
    items: t.items.map((i) => ({
      itemId: i.itemId,
      name: i.name,
      spec: i.spec,
      unit: i.unit,
      priceFen: i.priceFen,
      check: i.check
        ? {
            samples: i.check.samples,
            medianFen: i.check.medianFen,
            minFen: i.check.minFen,
            maxFen: i.check.maxFen,
            lastFen: i.check.lastFen,
            lastAt: i.check.lastAt.toISOString(),
            pct: i.check.pct,
            flag: i.check.flag,
          }
        : null,
    })),
  };
}
