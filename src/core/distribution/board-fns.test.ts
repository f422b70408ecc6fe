import { describe, expect, it } from 'vitest';
import { buildBoard, type BoardPackage } from './board-fns.ts';

const buildings = [
  { id: 'b10', name: '10', sortKey: 10 },
  { id: 'b2', name: '2', sortKey: 2 },
];
const pkg = (
  id: string,
  buildingId: string,
  status: BoardPackage['status'],
  confirmed = false,
): BoardPackage => ({
  id,
  buildingId,
  householdLabel: id,
  status,
  confirmedAt: confirmed ? new Date() : null,
});
const packages = [
  pkg('2-101', 'b2', 'delivered', true),
  pkg('2-102', 'b2', 'sorted'),
  pkg('10-101', 'b10', 'picked_up'),
];
const arrivedAt = new Date('2026-12-01T00:00:00Z');

describe('buildBoard', () => {
  it('counts per building in building order', () => {
    const board = buildBoard({
      buildings,
      packages,
      reports: [
        { buildingId: 'b2', status: 'open' },
        { buildingId: 'b2', status: 'refunded' },
      ],
      arrivedAt,
      staleHours: 6,
      now: new Date('2026-12-01T01:00:00Z'),
    });
    expect(
      board.buildings.map((b) => [
        b.name,
        b.sorted,
        b.delivered,
        b.confirmed,
        b.openReports,
        b.overdue.length,
      ]),
    ).toEqual([
      ['2', 2, 1, 1, 1, 0],
      ['10', 1, 1, 0, 0, 0],
    ]);
    expect(board.totals).toEqual({ sorted: 3, delivered: 2, confirmed: 1, openReports: 1, overdue: 0 });
  });

  it('flags packages still undelivered N hours after the arrival', () => {
    const board = buildBoard({
      buildings,
      packages,
      reports: [],
      arrivedAt,
      staleHours: 6,
      now: new Date('2026-12-01T06:00:00Z'),
    });
    expect(board.buildings[0]!.overdue).toEqual([{ packageId: '2-102', householdLabel: '2-102' }]);
    expect(board.totals.overdue).toBe(1);
    const none = buildBoard({
      buildings,
      packages,
      reports: [],
      arrivedAt: null,
      staleHours: 6,
      now: new Date(),
    });
    expect(none.totals.overdue).toBe(0);
  });
});
