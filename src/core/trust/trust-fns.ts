/**
 * 放心买: what a resident can know before joining a buy (docs/trust.md): what the compound paid for the same goods
 * before, and what the leader and the supplier have done here. Pure: the figures from the rows the repository read.
 */

/** A price this far above what the compound paid before (as a percentage of the median) is flagged. */
export const HIGH_PRICE_PCT = 130;
/** The earlier prices compared, newest first. */
export const PRICE_SAMPLES_MAX = 20;
/** How far back earlier buys count: prices of a year ago say little. */
export const EARLIER_DAYS = 365;

/** An item's earlier prices in the compound: the same goods (name, spec and unit alike) in earlier buys. */
export interface PriceSample {
  priceFen: number;
  at: Date;
}

export interface PriceCheck {
  samples: number;
  medianFen: number;
  minFen: number;
  maxFen: number;
  lastFen: number;
  lastAt: Date;
  /** This price as a percentage of the median (100: the same). */
  pct: number;
  /** 'high': at least HIGH_PRICE_PCT of the median. */
  flag: 'high' | null;
}

/** Text compared without spaces, case or full-width forms ("30 枚" and "３０枚" match). */
const norm = (s: string | null) => (s ?? '').normalize('NFKC').replace(/\s+/g, '').toLowerCase();

/** The same goods: name, spec and unit alike. */
export function goodsKey(item: { name: string; spec: string | null; unit: string | null }): string {
  return `${norm(item.name)}|${norm(item.spec)}|${norm(item.unit)}`;
}

/** The same supplier: the name alike. */
export const supplierKey = (name: string): string => norm(name);

/** How many of these buys name each supplier, by supplierKey. */
export function buysBySupplier(names: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const name of names) counts.set(supplierKey(name), (counts.get(supplierKey(name)) ?? 0) + 1);
  return counts;
}

/** The median of integers (the lower middle of an even count: a price someone paid). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/** How `priceFen` compares with the earlier prices (null when there are none). */
export function priceCheck(priceFen: number, earlier: readonly PriceSample[]): PriceCheck | null {
  if (earlier.length === 0) return null;
  const recent = [...earlier].sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, PRICE_SAMPLES_MAX);
  const prices = recent.map((s) => s.priceFen);
  const medianFen = median(prices);
  const pct = medianFen > 0 ? Math.round((priceFen / medianFen) * 100) : 100;
  return {
    samples: recent.length,
    medianFen,
    minFen: Math.min(...prices),
    maxFen: Math.max(...prices),
    lastFen: recent[0]!.priceFen,
    lastAt: recent[0]!.at,
    pct,
    flag: pct >= HIGH_PRICE_PCT ? 'high' : null,
  };
}

/** What a leader's or a supplier's buys in the compound came to (drafts not counted). */
export interface BuysRecord {
  buys: number;
  /** Completed: delivered, paid, finished. */
  completed: number;
  /** Open, closed, confirmed or arrived: still going. */
  ongoing: number;
  /** Did not reach the threshold. */
  failed: number;
  cancelled: number;
}

const ONGOING = new Set(['open', 'closed', 'confirmed', 'arrived']);

/** Counts by status into a record. */
export function buysRecord(byStatus: readonly { status: string; count: number }[]): BuysRecord {
  const r: BuysRecord = { buys: 0, completed: 0, ongoing: 0, failed: 0, cancelled: 0 };
  for (const { status, count } of byStatus) {
    if (status === 'draft') continue;
    r.buys += count;
    if (status === 'completed') r.completed += count;
    else if (status === 'failed') r.failed += count;
    else if (status === 'cancelled') r.cancelled += count;
    else if (ONGOING.has(status)) r.ongoing += count;
  }
  return r;
}
