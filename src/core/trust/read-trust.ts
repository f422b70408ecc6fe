/** GET /api/buys/{id}/trust, 放心买 (docs/trust.md): prices against the compound's earlier ones, the leader's and
 * the supplier's record here. Any member who may see the buy reads it: it names no one but the leader's label. */
import { loadVisibleBuy } from '../buys/access.ts';
import type { BuysRepo } from '../buys/ports.ts';
import type { Actor } from '../shared/actor.ts';
import { notFound } from '../shared/app-error.ts';
import type { TrustRepo } from './ports.ts';
import type { SuppliersRepo } from './suppliers.ts';
import {
  buysRecord,
  goodsKey,
  priceCheck,
  supplierKey,
  type BuysRecord,
  type PriceCheck,
} from './trust-fns.ts';

export interface TrustDeps {
  buys: Pick<BuysRepo, 'findBuyHeader' | 'memberContext'>;
  repo: TrustRepo;
  /** The register, read as it is (not cached): an admin's verification shows at once. */
  suppliers: Pick<SuppliersRepo, 'findByKey'>;
}

export interface BuyTrust {
  leader: {
    label: string | null;
    role: 'admin' | 'leader' | null;
    record: BuysRecord & { reports: number; reportsResolved: number };
  };
  /**
   * Null when the buy names no supplier. `registered`: its entry in the compound's register of suppliers (by
   * name), with whether an admin verified it; null when it is not there.
   */
  supplier: {
    name: string;
    record: BuysRecord;
    registered: { licenceNo: string | null; baogong: boolean; verifiedAt: Date | null } | null;
  } | null;
  items: {
    itemId: string;
    name: string;
    spec: string | null;
    unit: string | null;
    priceFen: number;
    check: PriceCheck | null;
  }[];
}

export async function readBuyTrust(deps: TrustDeps, actor: Actor, buyId: string): Promise<BuyTrust> {
  await loadVisibleBuy(deps.buys, buyId, actor);
  const f = await deps.repo.trustFacts(buyId);
  if (!f) throw notFound('buy');
  const earlier = new Map<string, { priceFen: number; at: Date }[]>();
  for (const e of f.earlierItems) {
    const key = goodsKey(e);
    const list = earlier.get(key) ?? [];
    list.push({ priceFen: e.priceFen, at: e.at });
    earlier.set(key, list);
  }
  const supplierName = f.buy.supplierName?.trim() || null;
  const entry = supplierName
    ? await deps.suppliers.findByKey(f.buy.communityId, supplierKey(supplierName))
    : null;
  return {
    leader: {
      label: f.leader.label,
      role: f.leader.isAdmin ? 'admin' : f.leader.isLeader ? 'leader' : null,
      record: {
        ...buysRecord(f.leaderBuys),
        reports: f.leaderReports.total,
        reportsResolved: f.leaderReports.resolved,
      },
    },
    supplier: supplierName
      ? {
          name: supplierName,
          record: buysRecord(f.supplierBuys.filter((s) => supplierKey(s.name) === supplierKey(supplierName))),
          registered: entry
            ? { licenceNo: entry.licenceNo, baogong: entry.baogong, verifiedAt: entry.verifiedAt }
            : null,
        }
      : null,
    items: f.items.map((i) => ({
      itemId: i.id,
      name: i.name,
      spec: i.spec,
      unit: i.unit,
      priceFen: i.priceFen,
      check: priceCheck(i.priceFen, earlier.get(goodsKey(i)) ?? []),
    })),
  };
}
