import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { patternPreview, patternProblem, roomNumber } from './pattern.ts';

describe('patternPreview', () => {
  it('previews the docs example: 1–12, 6 floors, 4 rooms', () => {
    expect(patternPreview({ buildingFrom: 1, buildingTo: 12, floors: 6, roomsPerFloor: 4 })).toEqual({
      buildings: 12,
      households: 288,
      first: '1-101',
      last: '12-604',
    });
  });
  it('pads rooms and handles tall buildings', () => {
    expect(roomNumber(12, 3)).toBe('1203');
    expect(roomNumber(3, 12)).toBe('312');
    expect(patternPreview({ buildingFrom: 5, buildingTo: 5, floors: 18, roomsPerFloor: 2 })?.last).toBe(
      '5-1802',
    );
  });
  it('names the problem with a bad pattern', () => {
    expect(patternProblem({ buildingFrom: 0, buildingTo: 2, floors: 1, roomsPerFloor: 1 })).toBe(
      'buildingFrom',
    );
    expect(patternProblem({ buildingFrom: 3, buildingTo: 2, floors: 1, roomsPerFloor: 1 })).toBe(
      'buildingOrder',
    );
    expect(patternProblem({ buildingFrom: 1, buildingTo: 2, floors: 1.5, roomsPerFloor: 1 })).toBe('floors');
    expect(patternProblem({ buildingFrom: 1, buildingTo: 2, floors: 1, roomsPerFloor: Number.NaN })).toBe(
      'roomsPerFloor',
    );
    expect(patternProblem({ buildingFrom: 1, buildingTo: 99, floors: 60, roomsPerFloor: 20 })).toBe(
      'tooMany',
    );
    expect(patternProblem({ buildingFrom: 1, buildingTo: 2, floors: 61, roomsPerFloor: 1 })).toBe('floors');
    expect(patternProblem({ buildingFrom: 1, buildingTo: 100, floors: 1, roomsPerFloor: 1 })).toBe(
      'buildingTo',
    );
    expect(patternPreview({ buildingFrom: 1, buildingTo: 0, floors: 1, roomsPerFloor: 1 })).toBeNull();
  });
  it('counts buildings × floors × rooms for every valid pattern', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 12 }),
        (from, span, floors, rooms) => {
          const preview = patternPreview({
            buildingFrom: from,
            buildingTo: from + span,
            floors,
            roomsPerFloor: rooms,
          });
          expect(preview?.households).toBe((span + 1) * floors * rooms);
          expect(preview?.first.startsWith(`${from}-1`)).toBe(true);
        },
      ),
    );
  });
});
