/** The building-and-room pattern of the setup screen, previewed before the server generates it. */
export interface Pattern {
  buildingFrom: number;
  buildingTo: number;
  floors: number;
  roomsPerFloor: number;
}

/** The server's limits (src/core/community/labels.ts), checked here first so the form can say so. */
export const PATTERN_LIMITS = { building: 99, floors: 60, roomsPerFloor: 20, households: 5000 } as const;

export type PatternProblem =
  'buildingFrom' | 'buildingTo' | 'buildingOrder' | 'floors' | 'roomsPerFloor' | 'tooMany';

/** Room numbers as people say them: floor then a two-digit room, 6th floor room 4 → "604", 12th → "1204". */
export function roomNumber(floor: number, room: number): string {
  return `${floor}${String(room).padStart(2, '0')}`;
}

export function householdLabel(building: number | string, room: string): string {
  return `${building}-${room}`;
}

const isWhole = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max;

/** The first problem with a pattern, or null when the server can be asked to generate it. */
export function patternProblem(p: Pattern): PatternProblem | null {
  if (!isWhole(p.buildingFrom, 1, PATTERN_LIMITS.building)) return 'buildingFrom';
  if (!isWhole(p.buildingTo, 1, PATTERN_LIMITS.building)) return 'buildingTo';
  if (p.buildingTo < p.buildingFrom) return 'buildingOrder';
  if (!isWhole(p.floors, 1, PATTERN_LIMITS.floors)) return 'floors';
  if (!isWhole(p.roomsPerFloor, 1, PATTERN_LIMITS.roomsPerFloor)) return 'roomsPerFloor';
  if (patternSize(p).households > PATTERN_LIMITS.households) return 'tooMany';
  return null;
}

export function patternSize(p: Pattern): { buildings: number; households: number } {
  const buildings = Math.max(0, p.buildingTo - p.buildingFrom + 1);
  return { buildings, households: buildings * Math.max(0, p.floors) * Math.max(0, p.roomsPerFloor) };
}

/** "将生成 12 栋 288 户：1-101 … 12-604": the counts and the first and last labels, or null when invalid. */
export function patternPreview(
  p: Pattern,
): { buildings: number; households: number; first: string; last: string } | null {
  if (patternProblem(p)) return null;
  const size = patternSize(p);
  return {
    ...size,
    first: householdLabel(p.buildingFrom, roomNumber(1, 1)),
    last: householdLabel(p.buildingTo, roomNumber(p.floors, p.roomsPerFloor)),
  };
}
