import { describe, expect, it } from 'vitest';
import { allLeftOut, coverageOf, coverageState, type CoverageRow } from './coverage-fns.ts';

const since = new Date('2026-12-03T00:00:00Z');
const row = (label: string, over: Partial<CoverageRow> = {}): CoverageRow => {
  const [building, room] = label.split('-') as [string, string];
  return {
    householdId: `h${label}`,
    label,
    room,
    buildingId: `b${building}`,
    buildingName: building,
    buildingSort: Number(building),
    isProxy: false,
    members: 1,
    lastReceivedAt: null,
    coming: false,
    needs: [],
    needsNote: null,
    ...over,
  };
};

describe('coverageState', () => {
  it.each([
    ['a package at the start of the window', { lastReceivedAt: since }, 'received'],
    [
      'a package within it, and more coming',
      { lastReceivedAt: new Date('2026-12-05T00:00:00Z'), coming: true },
      'received',
    ],
    [
      'a package before it, more coming',
      { lastReceivedAt: new Date('2026-12-02T23:59:59Z'), coming: true },
      'coming',
    ],
    ['a package before it', { lastReceivedAt: new Date('2026-12-01T00:00:00Z') }, 'left_out'],
    ['never anything, goods coming', { coming: true }, 'coming'],
    ['never anything', {}, 'left_out'],
  ] as const)('%s', (_name, over, state) => {
    expect(coverageState(row('1-101', over), since)).toBe(state);
  });
});

describe('coverageOf', () => {
  const rows = [
    row('10-101'),
    row('2-301', { lastReceivedAt: new Date('2026-11-30T00:00:00Z') }),
    row('2-101', { coming: true }),
    row('2-1101', { members: 0 }),
    row('2-201', { lastReceivedAt: new Date('2026-12-04T00:00:00Z') }),
    row('2-102', { members: 0, isProxy: true }),
  ];

  it('counts the compound and each building, in the compound’s order', () => {
    const c = coverageOf(rows, since, null);
    expect(c.counts).toEqual({ households: 6, received: 1, coming: 1, leftOut: 4, leftOutInNeed: 0 });
    expect(c.buildings).toEqual([
      { buildingId: 'b2', name: '2', households: 5, received: 1, coming: 1, leftOut: 3, leftOutInNeed: 0 },
      { buildingId: 'b10', name: '10', households: 1, received: 0, coming: 0, leftOut: 1, leftOutInNeed: 0 },
    ]);
    expect(c.leftOut).toBeNull();
    expect(c.since).toBe(since);
  });

  it("lists one building's left-out households: never first, by room (numerically), then the longest ago", () => {
    expect(coverageOf(rows, since, 'b2').leftOut!.map((r) => r.label)).toEqual(['2-102', '2-1101', '2-301']);
    expect(coverageOf(rows, since, 'b10').leftOut!.map((r) => r.label)).toEqual(['10-101']);
    expect(coverageOf(rows, since, 'elsewhere').leftOut).toEqual([]);
  });

  it('puts the households that need looking after first, and counts them among the left out', () => {
    const inNeed = [
      ...rows,
      row('2-401', { needs: ['elderly_alone'], lastReceivedAt: new Date('2026-12-01T00:00:00Z') }),
      // Received within the window: covered, need or not.
      row('2-402', { needs: ['medication'], lastReceivedAt: new Date('2026-12-04T00:00:00Z') }),
      row('10-102', { needs: ['infant'], coming: true }),
    ];
    const c = coverageOf(inNeed, since, 'b2');
    expect(c.leftOut!.map((r) => r.label)).toEqual(['2-401', '2-102', '2-1101', '2-301']);
    expect(c.counts.leftOutInNeed).toBe(1);
    expect(c.buildings.map((b) => [b.name, b.leftOut, b.leftOutInNeed])).toEqual([
      ['2', 4, 1],
      ['10', 1, 0],
    ]);
  });

  it('orders buildings by their sort key first, then naturally by name', () => {
    const c = coverageOf(
      [
        row('B-1', { buildingSort: 0 }),
        row('A-1', { buildingSort: 0 }),
        row('10-1', { buildingSort: 0 }),
        row('9-1', { buildingSort: 0 }),
        row('Z-1', { buildingSort: -1 }),
      ],
      since,
      null,
    );
    expect(c.buildings.map((b) => b.name)).toEqual(['Z', '9', '10', 'A', 'B']);
  });

  it("lists every building's left out, building by building, each as in its list", () => {
    expect(allLeftOut(rows, since).map((r) => r.label)).toEqual(['2-102', '2-1101', '2-301', '10-101']);
    expect(allLeftOut([], since)).toEqual([]);
  });

  it('is empty for an empty scope', () => {
    expect(coverageOf([], since, null)).toEqual({
      since,
      counts: { households: 0, received: 0, coming: 0, leftOut: 0, leftOutInNeed: 0 },
      buildings: [],
      leftOut: null,
    });
  });
});
