import { describe, expect, it } from 'vitest';
import {
  CODE_ALPHABET,
  gateTotals,
  normaliseCode,
  poolCodeOf,
  poolJoinable,
  poolLines,
  poolMet,
  poolMetEvents,
  poolSheets,
  poolSummary,
  poolTotals,
  poolView,
  MAX_GATES,
  type GateFacts,
  type PoolFacts,
} from './pool-fns.ts';

const at = new Date('2026-12-07T04:00:00Z');
const gate = (
  n: number,
  status: GateFacts['status'],
  eggs: number,
  milk = 0,
  metTold = false,
): GateFacts => ({
  buyId: `buy-${n}`,
  communityId: `c-${n}`,
  communityName: `小区${n}`,
  gate: n === 0 ? '南门' : '北门',
  contact: `contact-${n}`,
  status,
  joinedAt: at,
  metTold,
  items: [
    { name: '鸡蛋', spec: '30枚', unit: '盒', priceFen: 4000, allocatedQty: eggs },
    ...(milk ? [{ name: '牛奶', spec: null, unit: '箱', priceFen: 6000, allocatedQty: milk }] : []),
  ],
});
const facts = (gates: GateFacts[], min: { qty?: number; fen?: number } = { qty: 6 }): PoolFacts => ({
  pool: {
    id: 'pool',
    hostBuyId: 'buy-0',
    code: 'K7M2Q9XA',
    minTotalQty: min.qty ?? null,
    minAmountFen: min.fen ?? null,
    deadline: at,
    closedAt: null,
    outcome: null,
  },
  gates,
});

describe('the share code', () => {
  it('is 8 characters of the alphabet, read back whatever the case, spaces and dashes', () => {
    const code = poolCodeOf(new Uint8Array([0, 1, 30, 31, 255, 100, 7, 62]));
    expect(code).toHaveLength(8);
    for (const c of code) expect(CODE_ALPHABET).toContain(c);
    expect(normaliseCode(` ${code.slice(0, 4).toLowerCase()}-${code.slice(4)} `)).toBe(code);
  });

  it('is nothing when it cannot be one: look-alikes, other lengths, other scripts', () => {
    for (const s of ['K7M2Q9X', 'K7M2Q9XAB', 'K7M2Q9X0', 'K7M2Q9XI', 'K7M2Q9X中', ''])
      expect(normaliseCode(s)).toBeNull();
  });
});

describe('what counts toward the minimum', () => {
  it('adds every live buy, and nothing of a draft, a failed or a cancelled one', () => {
    const f = facts([
      gate(0, 'open', 3),
      gate(1, 'closed', 2, 1),
      gate(2, 'draft', 9),
      gate(3, 'cancelled', 9),
    ]);
    expect(gateTotals(f.gates[2]!)).toEqual({ qty: 0, amountFen: 0 });
    expect(poolTotals(f)).toEqual({ qty: 6, amountFen: 5 * 4000 + 6000 });
    expect(poolMet(f)).toBe(true);
    expect(poolMet(facts(f.gates.slice(0, 1)))).toBe(false);
  });

  it('is summed up for the 团购 list: how many compounds, the totals and whether they reach the minimum', () => {
    const f = facts([gate(0, 'open', 3), gate(1, 'draft', 9)], { qty: 6, fen: 100 });
    expect(poolSummary(f)).toEqual({
      compounds: 2,
      minTotalQty: 6,
      minAmountFen: 100,
      totals: { qty: 3, amountFen: 12000 },
      met: false,
    });
    expect(poolSummary(facts([gate(0, 'open', 3), gate(1, 'closed', 3)])).met).toBe(true);
  });

  it('needs the quantity and the amount both, when both are set', () => {
    const f = facts([gate(0, 'open', 3), gate(1, 'open', 3)], { qty: 6, fen: 24_001 });
    expect(poolMet(f)).toBe(false);
    expect(poolMet(facts(f.gates, { qty: 6, fen: 24_000 }))).toBe(true);
  });

  it('matches the same goods across compounds by name, spec and unit, full-width forms aside', () => {
    const other = gate(1, 'open', 2, 1);
    other.items[0] = { ...other.items[0]!, spec: '３０枚' };
    const lines = poolLines(facts([gate(0, 'open', 3), other, gate(2, 'draft', 5, 5)]));
    expect(lines.map((l) => [l.name, l.qty, l.byGate, l.amountFen])).toEqual([
      ['鸡蛋', 5, [3, 2, 0], 20_000],
      ['牛奶', 1, [0, 1, 0], 6000],
    ]);
  });
});

describe('成团 before the deadline', () => {
  it('tells each compound whose buy is open, with the pool’s compounds and totals; nothing short of it', () => {
    const f = facts([
      gate(0, 'open', 3),
      gate(1, 'open', 2, 1),
      gate(2, 'draft', 9),
      gate(3, 'cancelled', 9),
    ]);
    const pool = { compounds: 4, qty: 6, amountFen: 5 * 4000 + 6000 };
    expect(poolMetEvents(f, at)).toEqual([
      { type: 'buy.threshold_met', communityId: 'c-0', buyId: 'buy-0', pool, at: at.toISOString() },
      { type: 'buy.threshold_met', communityId: 'c-1', buyId: 'buy-1', pool, at: at.toISOString() },
    ]);
    expect(poolMetEvents(facts(f.gates, { qty: 7 }), at)).toEqual([]);
    // A closed buy counts (an admin's early close before it was pooled) but is told nothing: it takes no joins.
    expect(
      poolMetEvents(facts([gate(0, 'closed', 6), gate(1, 'open', 0)]), at).map((e) =>
        'buyId' in e ? e.buyId : null,
      ),
    ).toEqual(['buy-1']);
  });

  it('tells a compound once: not one told before, and one that opens after the others were told', () => {
    // 小区0 and 小区1 were told while 小区2's buy was a draft; it has opened since.
    const told = facts([gate(0, 'open', 3, 0, true), gate(1, 'open', 2, 0, true), gate(2, 'open', 1)]);
    expect(poolMetEvents(told, at)).toEqual([
      {
        type: 'buy.threshold_met',
        communityId: 'c-2',
        buyId: 'buy-2',
        pool: { compounds: 3, qty: 6, amountFen: 6 * 4000 },
        at: at.toISOString(),
      },
    ]);
    // Every compound told: nothing, however far over the minimum.
    expect(poolMetEvents(facts(told.gates.map((g) => ({ ...g, metTold: true }))), at)).toEqual([]);
  });
});

describe('joining', () => {
  it('is open until the deadline, while the host runs its buy, up to the last gate', () => {
    const f = facts([gate(0, 'open', 0)]);
    const before = new Date(at.getTime() - 1);
    expect(poolJoinable(f, before)).toBe(true);
    expect(poolJoinable(f, at)).toBe(false);
    expect(poolJoinable(facts([gate(0, 'cancelled', 0)]), before)).toBe(false);
    expect(poolJoinable({ ...f, pool: { ...f.pool, closedAt: at } }, before)).toBe(false);
    const full = facts(Array.from({ length: MAX_GATES }, (_, n) => gate(n, 'open', 0)));
    expect(poolJoinable(full, before)).toBe(false);
  });
});

describe('the view from a buy', () => {
  const f = facts([gate(0, 'open', 3), gate(1, 'open', 3)]);

  it('shows residents the compounds, gates and totals, and their leader the code and contacts', () => {
    const resident = poolView(f, 'buy-1', false);
    expect([resident.code, resident.isHost, resident.met]).toEqual([null, false, true]);
    expect(resident.gates.map((g) => [g.communityName, g.host, g.mine, g.contact])).toEqual([
      ['小区0', true, false, null],
      ['小区1', false, true, null],
    ]);
    const leader = poolView(f, 'buy-0', true);
    expect([leader.code, leader.isHost]).toEqual(['K7M2Q9XA', true]);
    expect(leader.gates.map((g) => g.contact)).toEqual(['contact-0', 'contact-1']);
  });

  it('gives the supplier a sheet of goods by gate, and one per gate that has anything', () => {
    const sheets = poolSheets(
      facts([gate(0, 'open', 3), gate(1, 'open', 2, 1), gate(2, 'open', 0)]),
      '鸡蛋团',
      at,
    );
    expect(sheets.map((s) => s.name)).toEqual(['汇总', '小区0南门', '小区1北门']);
    const total = sheets[0]!.rows.at(-1)!.cells;
    expect(total).toEqual(['合计', '', '', 3, 3, 0, 6, { yuan: 5 * 4000 + 6000 }]);
    expect(sheets[2]!.rows.map((r) => r.cells)).toContainEqual(['联系人', 'contact-1']);
  });
});
