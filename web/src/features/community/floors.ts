import type { Household } from '../../api-types.ts';

export interface FloorGroup {
  /** The floor number, or null for rooms whose number says no floor ("A", "商铺1"). */
  floor: number | null;
  households: Household[];
}

/** "502" → 5, "1201" → 12, "8" → null: the floor is the room number without its last two digits. */
export function floorOf(room: string): number | null {
  const digits = /^(\d{3,4})$/.exec(room.trim());
  if (!digits) return null;
  return Math.floor(Number(digits[1]) / 100) || null;
}

const collator = new Intl.Collator('zh-CN', { numeric: true });

/** Rooms grouped by floor, top floor last, rooms in natural order ("2" before "10"), odd ones at the end. */
export function groupByFloor(households: readonly Household[]): FloorGroup[] {
  const byFloor = new Map<number | null, Household[]>();
  for (const h of households) {
    const floor = floorOf(h.room);
    const list = byFloor.get(floor) ?? [];
    list.push(h);
    byFloor.set(floor, list);
  }
  return [...byFloor.entries()]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a - b))
    .map(([floor, list]) => ({ floor, households: list.sort((x, y) => collator.compare(x.room, y.room)) }));
}

/** Buildings as people count them: "2号楼" before "10号楼". */
export function sortByName<T extends { name: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => collator.compare(a.name, b.name));
}
