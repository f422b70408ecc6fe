/** What a resident reads on a buy card: how far from 成团, how long until it closes. Pure. */
import type { Buy, BuyStatus } from './types.ts';

export interface Progress {
  /** 0..1 for the bar. */
  ratio: number;
  met: boolean;
  /** What is still missing (0 when met); null when the buy has no such minimum. */
  missingQty: number | null;
  missingFen: number | null;
}

type ThresholdBuy = Pick<Buy, 'minTotalQty' | 'minAmountFen'> & {
  items: readonly { priceFen: number; allocatedQty: number }[];
};

/**
 * Progress to the threshold the way the server decides 成团 (docs/buys.md): allocated quantity over all
 * items against minTotalQty, allocated goods value (leader fee excluded) against minAmountFen. No minimum
 * at all: null (there is nothing to reach).
 */
export function thresholdProgress(buy: ThresholdBuy): Progress | null {
  const { minTotalQty, minAmountFen } = buy;
  const hasQty = minTotalQty !== null && minTotalQty > 0;
  const hasAmount = minAmountFen !== null && minAmountFen > 0;
  if (!hasQty && !hasAmount) return null;
  const qty = buy.items.reduce((n, i) => n + i.allocatedQty, 0);
  const goods = buy.items.reduce((n, i) => n + i.allocatedQty * i.priceFen, 0);
  const ratios: number[] = [];
  if (hasQty) ratios.push(qty / minTotalQty);
  if (hasAmount) ratios.push(goods / minAmountFen);
  const ratio = Math.max(0, Math.min(1, ...ratios));
  const missingQty = hasQty ? Math.max(0, minTotalQty - qty) : null;
  const missingFen = hasAmount ? Math.max(0, minAmountFen - goods) : null;
  return { ratio, met: !missingQty && !missingFen, missingQty, missingFen };
}

/** The i18n key and values for a progress line: "还差 12 份成团" / "还差 ¥120.00 成团" / "已成团". */
export function progressText(
  p: Progress,
  formatFen: (fen: number) => string,
): { key: string; values: Record<string, string | number> } {
  if (p.met) return { key: 'buys.progress.met', values: {} };
  if (p.missingQty && p.missingFen)
    return {
      key: 'buys.progress.missingBoth',
      values: { count: p.missingQty, amount: formatFen(p.missingFen) },
    };
  if (p.missingQty) return { key: 'buys.progress.missingQty', values: { count: p.missingQty } };
  return { key: 'buys.progress.missingAmount', values: { amount: formatFen(p.missingFen ?? 0) } };
}

export type TimeLeft = { unit: 'days' | 'hours' | 'minutes'; count: number } | { unit: 'ended' };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * "还剩 3 天" from two days on, "还剩 5 小时" from an hour on, then minutes (rounded up, so "1 分钟" until
 * the very end). Whole units are rounded down: "3 小时" means at least three hours are left.
 */
export function timeLeft(deadline: string, now: number): TimeLeft {
  const ms = new Date(deadline).getTime() - now;
  if (!Number.isFinite(ms) || ms <= 0) return { unit: 'ended' };
  if (ms >= 2 * DAY) return { unit: 'days', count: Math.floor(ms / DAY) };
  if (ms >= HOUR) return { unit: 'hours', count: Math.floor(ms / HOUR) };
  return { unit: 'minutes', count: Math.max(1, Math.ceil(ms / MINUTE)) };
}

/** Open first (closing soonest first), then the rest, most recent deadline first. */
export function sortBuys<T extends { status: BuyStatus; deadline: string }>(buys: readonly T[]): T[] {
  const rank = (s: BuyStatus) => (s === 'open' ? 0 : s === 'draft' ? 1 : 2);
  return [...buys].sort((a, b) => {
    const r = rank(a.status) - rank(b.status);
    if (r !== 0) return r;
    const d = new Date(a.deadline).getTime() - new Date(b.deadline).getTime();
    return a.status === 'open' ? d : -d;
  });
}

/** The 团购 tab's sections, by status. */
export type BuySection = 'current' | 'underway' | 'past';

/**
 * Open buys and drafts; then those closed whose goods are still to come or to be delivered (a resident waits
 * for them: they have not ended); then the ended ones (completed, failed, cancelled).
 */
export function sectionOf(status: BuyStatus): BuySection {
  switch (status) {
    case 'open':
    case 'draft':
      return 'current';
    case 'closed':
    case 'confirmed':
    case 'arrived':
      return 'underway';
    case 'completed':
    case 'failed':
    case 'cancelled':
      return 'past';
  }
}

/** Orders can be placed, changed and cancelled only while the buy is open and before its deadline. */
export function canOrder(buy: Pick<Buy, 'status' | 'deadline'>, now: number): boolean {
  return buy.status === 'open' && new Date(buy.deadline).getTime() > now;
}
