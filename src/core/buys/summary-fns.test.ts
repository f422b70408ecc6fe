import { describe, expect, it } from 'vitest';
import {
  buildPackingList,
  buildSummary,
  naturalCompare,
  type ReportData,
  type ReportLine,
  type ReportOrder,
} from './summary-fns.ts';

describe('naturalCompare', () => {
  it.each([
    ['1-101', '1-102', -1],
    ['1-102', '1-201', -1],
    ['1-201', '2-101', -1],
    ['2-101', '10-101', -1],
    ['2', '10', -1],
    ['10', '2', 1],
    ['1-101', '1-101', 0],
    ['A-101', 'B-101', -1],
    ['3-101', 'A-101', -1],
    ['1-1001', '1-201', 1],
    ['01', '1', 1],
  ])('%s vs %s → %i', (a, b, sign) => {
    expect(Math.sign(naturalCompare(a, b))).toBe(sign);
  });

  it('sorts a shuffled building the way a volunteer walks it', () => {
    const labels = ['10-101', '1-201', '2-101', '1-102', '1-1001', '1-101', 'A-101', '1-301'];
    expect([...labels].sort(naturalCompare)).toEqual([
      '1-101',
      '1-102',
      '1-201',
      '1-301',
      '1-1001',
      '2-101',
      '10-101',
      'A-101',
    ]);
  });
});

const line = (itemId: string, qty: number, allocatedQty = qty): ReportLine => ({
  itemId,
  qty,
  allocatedQty,
  waitlistedQty: qty - allocatedQty,
});

let seq = 0;
const order = (label: string, buildingId: string, lines: ReportLine[], over: Partial<ReportOrder> = {}) => ({
  orderId: `o-${label}`,
  seq: ++seq,
  householdId: `h-${label}`,
  householdLabel: label,
  buildingId,
  status: lines.some((l) => l.allocatedQty > 0) ? ('active' as const) : ('waitlisted' as const),
  placedByVolunteer: false,
  isProxy: false,
  proxyContact: null,
  lines,
  ...over,
});

function data(orders: ReportOrder[], leaderFeeFen = 0): ReportData {
  return {
    buy: {
      id: 'buy',
      communityId: 'c',
      communityName: '阳光小区',
      communityAddress: '长宁路 1 号',
      title: '鸡蛋团购',
      status: 'closed',
      supplierName: '农场',
      supplierContact: '13800000000',
      deliveryDate: '2026-12-02',
      pickupMode: 'building',
      leaderFeeFen,
      createdBy: 'leader',
    },
    items: [
      { id: 'egg', name: '鸡蛋', spec: '30枚/盒', unit: '盒', priceFen: 2500 },
      { id: 'milk', name: '牛奶', spec: null, unit: '箱', priceFen: 5990 },
    ],
    buildings: [
      { id: 'b10', name: '10', sortKey: 10 },
      { id: 'b2', name: '2', sortKey: 2 },
      { id: 'b1', name: '1', sortKey: 1 },
    ],
    orders,
  };
}

describe('buildSummary', () => {
  const orders = [
    order('2-101', 'b2', [line('egg', 2), line('milk', 1)]),
    order('1-201', 'b1', [line('egg', 3, 1)]),
    order('1-102', 'b1', [line('milk', 2, 0)]), // fully waitlisted: owes nothing
    order('10-101', 'b10', [line('egg', 1)], { placedByVolunteer: true, isProxy: true }),
    order('1-101', 'b1', [line('milk', 1), line('egg', 1)]),
  ];

  it('totals per item: ordered, allocated, waitlisted and the goods value', () => {
    const s = buildSummary(data(orders));
    expect(s.items).toEqual([
      expect.objectContaining({
        itemId: 'egg',
        orderedQty: 7,
        allocatedQty: 5,
        waitlistedQty: 2,
        amountFen: 12500,
      }),
      expect.objectContaining({
        itemId: 'milk',
        orderedQty: 4,
        allocatedQty: 2,
        waitlistedQty: 2,
        amountFen: 11980,
      }),
    ]);
  });

  it('per building, in building order, counting households with something allocated', () => {
    const s = buildSummary(data(orders));
    expect(
      s.buildings.map((b) => [b.name, b.households, b.items.map((i) => i.allocatedQty), b.goodsFen]),
    ).toEqual([
      ['1', 2, [2, 1], 2 * 2500 + 5990],
      ['2', 1, [2, 1], 2 * 2500 + 5990],
      ['10', 1, [1, 0], 2500],
    ]);
  });

  it('per household in label order, with line amounts, status and who placed it', () => {
    const s = buildSummary(data(orders, 100));
    expect(
      s.households.map((h) => [h.label, h.buildingName, h.status, h.amountFen, h.placedByVolunteer]),
    ).toEqual([
      ['1-101', '1', 'active', 5990 + 2500 + 100, false],
      ['1-102', '1', 'waitlisted', 0, false],
      ['1-201', '1', 'active', 2500 + 100, false],
      ['2-101', '2', 'active', 5000 + 5990 + 100, false],
      ['10-101', '10', 'active', 2500 + 100, true],
    ]);
    // Lines follow item order, whatever order they came in.
    expect(s.households[0]!.lines.map((l) => [l.itemId, l.amountFen])).toEqual([
      ['egg', 2500],
      ['milk', 5990],
    ]);
  });

  it('grand totals: goods plus leader fees (only on orders with an allocation) make the amount', () => {
    const s = buildSummary(data(orders, 100));
    expect(s.totals).toEqual({
      orders: 5,
      households: 4,
      orderedQty: 11,
      allocatedQty: 7,
      waitlistedQty: 4,
      goodsFen: 12500 + 11980,
      leaderFeesFen: 400,
      amountFen: 12500 + 11980 + 400,
    });
    expect(s.buildings.reduce((n, b) => n + b.amountFen, 0)).toBe(s.totals.amountFen);
  });

  it('an empty buy has zero totals and no buildings', () => {
    const s = buildSummary(data([]));
    expect(s.buildings).toEqual([]);
    expect(s.items.map((i) => i.allocatedQty)).toEqual([0, 0]);
    expect(s.totals.amountFen).toBe(0);
  });

  it('ignores lines of items that no longer exist', () => {
    const s = buildSummary(data([order('1-101', 'b1', [line('egg', 1), line('gone', 4)])]));
    expect(s.households[0]!.lines.map((l) => l.itemId)).toEqual(['egg']);
    expect(s.totals.allocatedQty).toBe(1);
  });
});

describe('buildPackingList', () => {
  it('one list per building with allocated households in natural order, quantities aligned to items', () => {
    const p = buildPackingList(
      buildSummary(
        data([
          order('1-201', 'b1', [line('egg', 2)]),
          order('1-102', 'b1', [line('milk', 1, 0)]),
          order('1-101', 'b1', [line('milk', 3), line('egg', 1)]),
          order('2-101', 'b2', [line('milk', 1)]),
        ]),
      ),
    );
    expect(p.items.map((i) => i.id)).toEqual(['egg', 'milk']);
    expect(
      p.buildings.map((b) => [b.name, b.households.map((h) => [h.label, h.quantities]), b.totals.quantities]),
    ).toEqual([
      [
        '1',
        [
          ['1-101', [1, 3]],
          ['1-201', [2, 0]],
        ],
        [3, 3],
      ],
      ['2', [['2-101', [0, 1]]], [0, 1]],
    ]);
    expect(p.buildings[0]!.totals.amountFen).toBe(2500 + 3 * 5990 + 2 * 2500);
  });

  it('a buy with only waitlisted orders packs nothing', () => {
    const p = buildPackingList(buildSummary(data([order('1-101', 'b1', [line('egg', 2, 0)])])));
    expect(p.buildings).toEqual([]);
  });
});
