/**
 * 联合团购 (docs/pools.md), pure: the share code, what counts toward a pool's minimum, its view as a buy's page
 * shows it, and the supplier's sheet split by gate.
 */
import { allocatedGoodsFen, closeOutcome, ordersAreLive, type BuyStatus } from '../buys/buy.ts';
import { chinaTime, itemHeading, type Sheet, type SheetRow } from '../buys/export-fns.ts';
import { lineAmountFen, sumFen, type Fen } from '../shared/money.ts';
import type { DomainEvent } from '../shared/events.ts';

/** How many compounds a pool takes, the host included: a truck's round, not a district. */
export const MAX_GATES = 20;
export const GATE_MAX = 40;
export const CONTACT_MAX = 60;
export const CODE_LENGTH = 8;
/** Capitals and digits a person reads aloud without doubt: no 0/O, 1/I/L. */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** A share code from random bytes (one byte a character; the bias of 256 % 31 is of no matter here). */
export function poolCodeOf(bytes: Uint8Array): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[bytes[i]! % CODE_ALPHABET.length];
  return code;
}

/** The code as a leader may type it (spaces, dashes, lower case), or null when it cannot be one. */
export function normaliseCode(input: string): string | null {
  const code = input.replace(/[\s-]/g, '').toUpperCase();
  if (code.length !== CODE_LENGTH) return null;
  for (const c of code) if (!CODE_ALPHABET.includes(c)) return null;
  return code;
}

export interface PoolRecord {
  id: string;
  hostBuyId: string;
  code: string;
  minTotalQty: number | null;
  minAmountFen: Fen | null;
  deadline: Date;
  closedAt: Date | null;
  outcome: 'closed' | 'failed' | null;
}

export interface GateItem {
  name: string;
  spec: string | null;
  unit: string | null;
  priceFen: Fen;
  allocatedQty: number;
}

/** A compound's part of a pool, with its buy's state and allocated totals. */
export interface GateFacts {
  buyId: string;
  communityId: string;
  communityName: string;
  gate: string;
  contact: string;
  status: BuyStatus;
  joinedAt: Date;
  /** Its compound was told that the pool reached its minimum (成团 before the deadline). */
  metTold: boolean;
  items: GateItem[];
}

/** A pool and its gates: the host first, then in the order they joined. */
export interface PoolFacts {
  pool: PoolRecord;
  gates: GateFacts[];
}

export interface PoolTotals {
  qty: number;
  amountFen: Fen;
}

/** What a gate counts toward the minimum: nothing while a draft, or once failed or cancelled. */
export function gateTotals(gate: Pick<GateFacts, 'status' | 'items'>): PoolTotals {
  if (!ordersAreLive(gate.status)) return { qty: 0, amountFen: 0 };
  return {
    qty: gate.items.reduce((n, i) => n + i.allocatedQty, 0),
    amountFen: allocatedGoodsFen(gate.items),
  };
}

export function poolTotals(facts: PoolFacts): PoolTotals {
  const each = facts.gates.map(gateTotals);
  return { qty: each.reduce((n, t) => n + t.qty, 0), amountFen: sumFen(each.map((t) => t.amountFen)) };
}

/** Whether the minimum is reached by what every compound's live buy holds now. */
export function poolMet(facts: PoolFacts): boolean {
  const live = facts.gates.filter((g) => ordersAreLive(g.status)).flatMap((g) => g.items);
  return closeOutcome(facts.pool, live) === 'closed';
}

/**
 * 成团 of a pool, before its deadline: what tells each compound whose buy is open (its residents may still join)
 * that together they reached the minimum. One `buy.threshold_met` per open member buy, in its compound, with how
 * many compounds are in the pool and their totals; none while the minimum is not met, none for a compound told
 * before (a pool that falls back under and over again tells nobody twice), and none for a draft (no resident
 * sees it: its compound is told when it opens, if the minimum is still met) or a buy that has ended. Pure.
 */
export function poolMetEvents(
  facts: PoolFacts,
  at: Date,
): Extract<DomainEvent, { type: 'buy.threshold_met' }>[] {
  if (!poolMet(facts)) return [];
  const { qty, amountFen } = poolTotals(facts);
  const pool = { compounds: facts.gates.length, qty, amountFen };
  return facts.gates
    .filter((g) => g.status === 'open' && !g.metTold)
    .map((g) => ({
      type: 'buy.threshold_met' as const,
      communityId: g.communityId,
      buyId: g.buyId,
      pool,
      at: at.toISOString(),
    }));
}

/** Another compound may still join: not closed, the deadline ahead, the host's buy a draft or open. */
export function poolJoinable(facts: PoolFacts, now: Date): boolean {
  const host = facts.gates.find((g) => g.buyId === facts.pool.hostBuyId);
  return (
    facts.pool.closedAt === null &&
    facts.pool.deadline.getTime() > now.getTime() &&
    !!host &&
    (host.status === 'draft' || host.status === 'open') &&
    facts.gates.length < MAX_GATES
  );
}

const goodsKey = (i: Pick<GateItem, 'name' | 'spec' | 'unit'>) =>
  [i.name, i.spec ?? '', i.unit ?? ''].map((s) => s.normalize('NFKC').trim()).join('\u0000');

export interface PoolLine {
  name: string;
  spec: string | null;
  unit: string | null;
  /** The first gate's price (a compound's leader may have changed theirs: the amount adds each gate's). */
  priceFen: Fen;
  qty: number;
  amountFen: Fen;
  /** Aligned with the gates. */
  byGate: number[];
}

/**
 * The goods over all gates, in the order they first appear (the host's first), each with its quantity per gate:
 * a compound's leader may have dropped or added an item, so the same goods are matched by name, spec and unit.
 * Only what counts (gateTotals) is in.
 */
export function poolLines(facts: PoolFacts): PoolLine[] {
  const lines = new Map<string, PoolLine>();
  facts.gates.forEach((gate, g) => {
    const live = ordersAreLive(gate.status);
    for (const item of gate.items) {
      const key = goodsKey(item);
      let line = lines.get(key);
      if (!line) {
        const { name, spec, unit, priceFen } = item;
        line = { name, spec, unit, priceFen, qty: 0, amountFen: 0, byGate: facts.gates.map(() => 0) };
        lines.set(key, line);
      }
      const qty = live ? item.allocatedQty : 0;
      line.byGate[g]! += qty;
      line.qty += qty;
      line.amountFen += lineAmountFen(item.priceFen, qty);
    }
  });
  return [...lines.values()];
}

/** How the pool looks from one of its buys, for someone who may see that buy. */
export interface PoolView {
  id: string;
  code: string | null;
  isHost: boolean;
  hostCommunityName: string;
  deadline: Date;
  minTotalQty: number | null;
  minAmountFen: Fen | null;
  totals: PoolTotals;
  met: boolean;
  closedAt: Date | null;
  outcome: 'closed' | 'failed' | null;
  gates: {
    communityName: string;
    gate: string;
    status: BuyStatus;
    qty: number;
    amountFen: Fen;
    host: boolean;
    mine: boolean;
    contact: string | null;
  }[];
  items: { name: string; spec: string | null; unit: string | null; qty: number; byGate: number[] }[];
  canManage: boolean;
}

/** What the 团购 list says of a pooled buy, to everyone who sees the buy: how many compounds, how far from 成团. */
export interface PoolSummary {
  compounds: number;
  minTotalQty: number | null;
  minAmountFen: Fen | null;
  totals: PoolTotals;
  met: boolean;
}

export function poolSummary(facts: PoolFacts): PoolSummary {
  return {
    compounds: facts.gates.length,
    minTotalQty: facts.pool.minTotalQty,
    minAmountFen: facts.pool.minAmountFen,
    totals: poolTotals(facts),
    met: poolMet(facts),
  };
}

export const hostOf = (facts: PoolFacts): GateFacts | undefined =>
  facts.gates.find((g) => g.buyId === facts.pool.hostBuyId);

/**
 * The pool seen from `buyId`: who manages that buy sees the code and each gate's contact (they are the ones
 * who talk to the other leaders and the supplier); the compound's residents see the compounds, their gates
 * and totals. Nothing of a household crosses compounds.
 */
export function poolView(facts: PoolFacts, buyId: string, canManage: boolean): PoolView {
  return {
    id: facts.pool.id,
    code: canManage ? facts.pool.code : null,
    isHost: facts.pool.hostBuyId === buyId,
    hostCommunityName: hostOf(facts)?.communityName ?? '',
    deadline: facts.pool.deadline,
    minTotalQty: facts.pool.minTotalQty,
    minAmountFen: facts.pool.minAmountFen,
    totals: poolTotals(facts),
    met: poolMet(facts),
    closedAt: facts.pool.closedAt,
    outcome: facts.pool.outcome,
    gates: facts.gates.map((g) => ({
      communityName: g.communityName,
      gate: g.gate,
      status: g.status,
      ...gateTotals(g),
      host: g.buyId === facts.pool.hostBuyId,
      mine: g.buyId === buyId,
      contact: canManage ? g.contact : null,
    })),
    items: poolLines(facts).map(({ name, spec, unit, qty, byGate }) => ({ name, spec, unit, qty, byGate })),
    canManage,
  };
}

/**
 * The supplier's sheets: 汇总, the goods by gate with their totals (one consolidated order), then one sheet per
 * gate that has anything (the truck's stop: compound, gate, contact, goods).
 */
export function poolSheets(facts: PoolFacts, title: string, exportedAt: Date): Sheet[] {
  const lines = poolLines(facts);
  const totals = poolTotals(facts);
  const heading = (g: GateFacts) => `${g.communityName} ${g.gate}`;
  const summary: Sheet = {
    name: '汇总',
    widths: [24, 8, 12, ...facts.gates.map(() => 16), 10, 14],
    rows: [
      { cells: [`${title} — 联合团购汇总`], style: 'title' },
      { cells: ['小区数', facts.gates.length] },
      { cells: ['截止时间', chinaTime(facts.pool.deadline)] },
      { cells: ['导出时间', chinaTime(exportedAt)] },
      { cells: [] },
      {
        cells: ['商品', '单位', '单价（元）', ...facts.gates.map(heading), '合计', '金额（元）'],
        style: 'header',
      },
      ...lines.map((l) => ({
        cells: [
          itemHeading(l),
          l.unit ?? '',
          { yuan: l.priceFen },
          ...l.byGate,
          l.qty,
          { yuan: l.amountFen },
        ],
      })),
      {
        cells: [
          '合计',
          '',
          '',
          ...facts.gates.map((g) => gateTotals(g).qty),
          totals.qty,
          { yuan: totals.amountFen },
        ],
        style: 'total',
      },
    ],
  };
  const perGate = facts.gates.flatMap((g, n): Sheet[] => {
    const mine = lines.filter((l) => l.byGate[n]! > 0);
    if (mine.length === 0) return [];
    const rows: SheetRow[] = [
      { cells: [`${heading(g)} — 送货单`], style: 'title' },
      { cells: ['小区', g.communityName] },
      { cells: ['送货点', g.gate] },
      { cells: ['联系人', g.contact] },
      { cells: [] },
      { cells: ['商品', '单位', '数量'], style: 'header' },
      ...mine.map((l) => ({ cells: [itemHeading(l), l.unit ?? '', l.byGate[n]!] })),
      { cells: ['合计', '', gateTotals(g).qty], style: 'total' },
    ];
    return [{ name: `${g.communityName}${g.gate}`, widths: [24, 8, 10], rows }];
  });
  return [summary, ...perGate];
}
