import { describe, expect, it } from 'vitest';
import type { Household } from '../../api-types.ts';
import { floorOf, groupByFloor, sortByName } from './floors.ts';

const h = (room: string): Household => ({
  id: room,
  label: `1-${room}`,
  buildingId: 'b',
  room,
  isProxy: false,
  verified: false,
});

describe('floorOf', () => {
  it('reads the floor from the room number', () => {
    expect(floorOf('502')).toBe(5);
    expect(floorOf('1201')).toBe(12);
    expect(floorOf(' 101 ')).toBe(1);
    expect(floorOf('8')).toBeNull();
    expect(floorOf('A01')).toBeNull();
    expect(floorOf('012')).toBeNull();
  });
});

describe('groupByFloor', () => {
  it('groups by floor in order, rooms naturally sorted, odd rooms last', () => {
    const groups = groupByFloor([h('1201'), h('102'), h('shop'), h('101'), h('210'), h('202')]);
    expect(groups.map((g) => g.floor)).toEqual([1, 2, 12, null]);
    expect(groups[0]?.households.map((x) => x.room)).toEqual(['101', '102']);
    expect(groups[1]?.households.map((x) => x.room)).toEqual(['202', '210']);
  });
  it('returns nothing for no rooms', () => {
    expect(groupByFloor([])).toEqual([]);
  });
});

describe('sortByName', () => {
  it('sorts building names numerically', () => {
    expect(sortByName([{ name: '10' }, { name: '2' }, { name: '1' }]).map((b) => b.name)).toEqual([
      '1',
      '2',
      '10',
    ]);
  });
});
