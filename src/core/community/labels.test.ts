import { describe, expect, it } from 'vitest';
import { expandPattern, normalizeBuildingName, normalizeRoom, patternSize, toHalfWidth } from './labels.ts';

describe('building and room names', () => {
  it.each([
    ['3', '3'],
    [' 12 ', '12'],
    ['3号楼', '3'],
    ['3号', '3'],
    ['3栋', '3'],
    ['第3幢', '3'],
    ['１２', '12'],
    ['a', 'A'],
    ['Ａ座', 'A'],
    ['', null],
    ['3-5', null],
    ['号楼', null],
    ['12345678901', null],
  ])('building %j → %j', (raw, expected) => {
    expect(normalizeBuildingName(raw)).toBe(expected);
  });

  it.each([
    ['502', '502'],
    ['502室', '502'],
    ['５０２', '502'],
    ['502号', '502'],
    ['b01', 'B01'],
    ['5 02', null],
    ['', null],
    ['室', null],
  ])('room %j → %j', (raw, expected) => {
    expect(normalizeRoom(raw)).toBe(expected);
  });

  it('turns full-width characters and spaces to ASCII', () => {
    expect(toHalfWidth('３，５０２\u3000')).toBe('3,502 ');
  });
});

describe('room pattern', () => {
  it('12 buildings × 6 floors × 4 rooms → 288 households, 1-101 … 12-604', () => {
    const p = { buildingFrom: 1, buildingTo: 12, floors: 6, roomsPerFloor: 4 };
    const out = expandPattern(p);
    const labels = out.flatMap((b) => b.rooms.map((r) => `${b.building}-${r}`));
    expect(patternSize(p)).toBe(288);
    expect(labels).toHaveLength(288);
    expect(labels[0]).toBe('1-101');
    expect(labels.at(-1)).toBe('12-604');
    expect(new Set(labels).size).toBe(288);
  });

  it('pads rooms to two digits and handles 60 floors × 20 rooms', () => {
    const out = expandPattern({ buildingFrom: 5, buildingTo: 5, floors: 60, roomsPerFloor: 20 });
    expect(out[0]!.rooms[0]).toBe('101');
    expect(out[0]!.rooms.at(-1)).toBe('6020');
  });

  it('is empty when the range is reversed', () => {
    const p = { buildingFrom: 3, buildingTo: 2, floors: 1, roomsPerFloor: 1 };
    expect(patternSize(p)).toBe(0);
    expect(expandPattern(p)).toEqual([]);
  });
});
